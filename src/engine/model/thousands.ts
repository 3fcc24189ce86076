/**
 * `2,000` for 2000: counts in messages, written the way the messages' English reads. `toLocaleString` would do it,
 * but its first call loads the locale data: some 12 ms of every start of the command line when a module's constant
 * needs it.
 */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}
