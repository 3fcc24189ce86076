import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { filesIn } from '../helpers/workspace';

const SRC = path.resolve(__dirname, '..', '..', 'src');
const IMPORT = /^\s*(?:import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm;

function imports(file: string): { spec: string; typeOnly: boolean }[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => ({ spec: m[2], typeOnly: !!m[1] }));
}

test('only src/extension imports vscode', () => {
  const offenders = filesIn(SRC)
    .filter((f) => f.endsWith('.ts') && !path.relative(SRC, f).startsWith(`extension${path.sep}`))
    .flatMap((f) => imports(f).filter((i) => i.spec === 'vscode').map(() => path.relative(SRC, f)));
  assert.deepEqual(offenders, []);
});

test('the entry point loads the engine only when the extension activates', () => {
  const entry = imports(path.join(SRC, 'extension', 'extension.ts'));
  assert.deepEqual(entry.filter((i) => !i.typeOnly), []);
});
