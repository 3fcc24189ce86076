/**
 * How long V8 runs the Terraform parser's WebAssembly before optimising it, chosen per scan.
 *
 * V8 compiles WebAssembly quickly first and moves hot functions to its optimising compiler in the background. A
 * process cannot exit while such a compilation runs, and the parser's main function takes some 40 ms to optimise:
 * for a folder with little Terraform, that wait was a quarter of the whole run, for a gain the scan never lives to
 * see (the optimised parser saves about 0.13 ms per KB). Below the size where optimising pays, the budget is raised
 * so that the parser stays as first compiled; larger scans keep V8's default, which optimises early.
 */
import { setFlagsFromString } from 'node:v8';

/** The Terraform text, in characters, from which optimising the parser pays for its compilation. */
export const OPTIMISE_FROM_CHARS = 256 * 1024;
/** A budget that parsing less than {@link OPTIMISE_FROM_CHARS} does not spend (measured: 1e8 is spent by the examples). */
const NEVER_SPENT_BUDGET = 1_000_000_000;

/** The V8 flag for a scan of this much Terraform, or undefined to keep V8's default. */
export function tieringFlag(terraformChars: number, env: NodeJS.ProcessEnv): string | undefined {
  // V8's code cache records the flags it was made under, and a start-up with other flags refuses it: the build's
  // run that writes the cache (see start.ts) keeps the defaults every start-up begins with.
  if (env.ITAR_GUARD_WRITE_CODE_CACHE) return undefined;
  return terraformChars > 0 && terraformChars < OPTIMISE_FROM_CHARS ? `--wasm-tiering-budget=${NEVER_SPENT_BUDGET}` : undefined;
}

/** Call before the Terraform grammar is loaded: the budget applies to modules compiled afterwards. */
export function tuneWasmTiering(terraformChars: number): void {
  const flag = tieringFlag(terraformChars, process.env);
  if (flag) setFlagsFromString(flag);
}
