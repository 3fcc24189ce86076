import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { filesIn } from '../helpers/workspace';

const SRC = path.resolve(__dirname, '..', '..', 'src');
/** Imports that load a module when the importer loads (type-only imports and `import()` calls do not). */
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]/gm;

function staticImports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)].map((m) => m[1]);
}

function resolve(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  return [`${base}.ts`, path.join(base, 'index.ts')].find((f) => existsSync(f));
}

/** The chain of static imports from a file to the Azure SDK, if there is one. */
function pathToSdk(file: string, seen = new Set<string>()): string[] | undefined {
  if (seen.has(file)) return undefined;
  seen.add(file);
  for (const spec of staticImports(file)) {
    if (spec.startsWith('@azure/')) return [spec];
    const target = spec.startsWith('.') ? resolve(file, spec) : undefined;
    const rest = target && pathToSdk(target, seen);
    if (rest) return [path.relative(SRC, target).split(path.sep).join('/'), ...rest];
  }
  return undefined;
}

test('the Azure SDK loads only on demand: no module outside src/azure reaches it through static imports', () => {
  const offenders: string[] = [];
  for (const file of filesIn(SRC).filter((f) => f.endsWith('.ts'))) {
    const rel = path.relative(SRC, file).split(path.sep).join('/');
    if (rel.startsWith('azure/')) continue;
    const chain = pathToSdk(file);
    if (chain) offenders.push([rel, ...chain].join(' → '));
  }
  assert.deepEqual(offenders, []);
});
