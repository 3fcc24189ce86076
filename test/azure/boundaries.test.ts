import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { filesIn } from '../helpers/workspace';

const SRC = path.resolve(__dirname, '..', '..', 'src');
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]/gm;

test('the Azure SDK is imported only in src/azure, and src/azure only on demand from elsewhere', () => {
  const offenders: string[] = [];
  for (const file of filesIn(SRC).filter((f) => f.endsWith('.ts'))) {
    const rel = path.relative(SRC, file).split(path.sep).join('/');
    if (rel.startsWith('azure/')) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      const spec = m[1];
      const target = spec.startsWith('.') ? path.relative(SRC, path.resolve(path.dirname(file), spec)).split(path.sep).join('/') : spec;
      if (spec.startsWith('@azure/') || target.startsWith('azure/')) offenders.push(`${rel}: ${spec}`);
    }
  }
  assert.deepEqual(offenders, []);
});
