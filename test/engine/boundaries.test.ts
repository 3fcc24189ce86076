import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { filesIn } from '../helpers/workspace';

const ENGINE = path.resolve(__dirname, '..', '..', 'src', 'engine');

/** Modules the engine must never load: the editor API, the Azure SDK, and anything that talks to the network. */
const FORBIDDEN = [/^vscode$/, /^@azure\//, /^(node:)?(http|https|http2|net|tls|dgram|dns|child_process)$/, /^(undici|node-fetch|axios)$/];

test('src/engine imports neither vscode, the Azure SDK nor network modules', () => {
  const offenders: string[] = [];
  for (const file of filesIn(ENGINE).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (FORBIDDEN.some((re) => re.test(spec))) offenders.push(`${path.relative(ENGINE, file)}: ${spec}`);
    }
    if (/\bfetch\s*\(/.test(text)) offenders.push(`${path.relative(ENGINE, file)}: fetch()`);
  }
  assert.deepEqual(offenders, []);
});
