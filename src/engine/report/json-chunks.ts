/**
 * `JSON.stringify(value, null, 2)` in pieces, so that a report of many thousand findings is written as it is
 * serialised instead of being held as one string. The outer levels (the document, its arrays, their items) are
 * walked here; what lies deeper is serialised natively and indented to its place.
 */
const NATIVE_DEPTH = 4;

function omitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

export function* jsonChunks(value: unknown, indent = '', depth = 0): Generator<string> {
  if (value === null || typeof value !== 'object' || depth >= NATIVE_DEPTH || 'toJSON' in value) {
    yield (JSON.stringify(value, null, 2) ?? 'null').replace(/\n/g, `\n${indent}`);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (!value.length) return yield '[]';
    yield '[';
    for (let i = 0; i < value.length; i++) {
      yield `${i ? ',' : ''}\n${inner}`;
      yield* jsonChunks(omitted(value[i]) ? null : value[i], inner, depth + 1);
    }
    return yield `\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => !omitted(v));
  if (!entries.length) return yield '{}';
  yield '{';
  for (const [i, [key, v]] of entries.entries()) {
    yield `${i ? ',' : ''}\n${inner}${JSON.stringify(key)}: `;
    yield* jsonChunks(v, inner, depth + 1);
  }
  yield `\n${indent}}`;
}
