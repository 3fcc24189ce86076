/**
 * Hostile variants of a source file: truncations, byte flips and deletions, duplicated and shuffled lines, deep
 * nesting, huge strings, very long lines, invalid UTF-8 and NUL bytes.
 */
export interface Mutation {
  readonly name: string;
  readonly text: string;
}

const OPENERS = ['[', '{', '('];

/** Truncations at evenly spread positions (every position when the file is short enough). */
export function truncations(text: string, max: number): Mutation[] {
  const step = Math.max(1, Math.ceil(text.length / max));
  const out: Mutation[] = [];
  for (let i = 0; i < text.length; i += step) out.push({ name: `truncated at ${i}`, text: text.slice(0, i) });
  return out;
}

export function randomMutations(text: string, random: () => number, count: number): Mutation[] {
  const out: Mutation[] = [];
  const pick = (n: number) => Math.floor(random() * n);
  for (let k = 0; k < count; k++) {
    const kind = pick(6);
    if (kind === 0 && text.length) {
      const i = pick(text.length);
      out.push({ name: `flip at ${i}`, text: text.slice(0, i) + String.fromCharCode(pick(128)) + text.slice(i + 1) });
    } else if (kind === 1 && text.length) {
      const i = pick(text.length);
      const n = 1 + pick(20);
      out.push({ name: `delete ${n} at ${i}`, text: text.slice(0, i) + text.slice(i + n) });
    } else if (kind === 2) {
      const lines = text.split('\n');
      const i = pick(lines.length);
      lines.splice(i, 0, lines[i]);
      out.push({ name: `duplicate line ${i}`, text: lines.join('\n') });
    } else if (kind === 3) {
      const lines = text.split('\n');
      for (let i = lines.length - 1; i > 0; i--) {
        const j = pick(i + 1);
        [lines[i], lines[j]] = [lines[j], lines[i]];
      }
      out.push({ name: 'shuffled lines', text: lines.join('\n') });
    } else if (kind === 4 && text.length) {
      const i = pick(text.length);
      out.push({ name: `NUL at ${i}`, text: text.slice(0, i) + '\u0000' + text.slice(i) });
    } else {
      const i = pick(text.length + 1);
      const bytes = Buffer.from(Array.from({ length: 8 }, () => 0x80 + pick(0x80)));
      out.push({ name: `invalid UTF-8 at ${i}`, text: text.slice(0, i) + bytes.toString('utf8') + text.slice(i) });
    }
  }
  return out;
}

/** Inputs built to exhaust a naive parser: nesting 100,000 deep, a 1 MB string, a 1 MB line. */
export function extremeInputs(text: string): Mutation[] {
  const mid = Math.floor(text.length / 2);
  const out: Mutation[] = [];
  for (const open of OPENERS) {
    out.push({ name: `100,000 × ${open}`, text: text.slice(0, mid) + open.repeat(100_000) + text.slice(mid) });
  }
  out.push({ name: '1 MB string', text: text.slice(0, mid) + `"${'x'.repeat(1 << 20)}"` + text.slice(mid) });
  out.push({ name: "1 MB single-quoted string", text: text.slice(0, mid) + `'${'x'.repeat(1 << 20)}'` + text.slice(mid) });
  out.push({ name: '1 MB line', text: text.replace(/\n/g, ' ').padEnd(1 << 20, ' ') });
  out.push({ name: 'unterminated quote', text: text.slice(0, mid) + '"' + text.slice(mid) });
  return out;
}
