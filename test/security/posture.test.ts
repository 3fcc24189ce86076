/**
 * The security posture of SECURITY.md, where code can show it: only src/azure talks to the network, and it reads
 * no files; nothing in the product starts programs or evaluates code; dependencies are few and locked.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { filesIn } from '../helpers/workspace';

const ROOT = path.resolve(__dirname, '..', '..');
const SRC = path.join(ROOT, 'src');
const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]);
}

const sources = filesIn(SRC).filter((f) => f.endsWith('.ts'));
const rel = (f: string) => path.relative(SRC, f).split(path.sep).join('/');

test('only src/azure imports network modules or calls fetch', () => {
  const network = /^(node:)?(http|https|http2|net|tls|dgram|dns)$|^(undici|node-fetch|axios|ws)$|^@azure\//;
  const offenders = sources
    .filter((f) => !rel(f).startsWith('azure/'))
    .flatMap((f) => [...importsOf(f).filter((s) => network.test(s)).map((s) => `${rel(f)}: ${s}`), ...(/\bfetch\s*\(/.test(readFileSync(f, 'utf8')) ? [`${rel(f)}: fetch()`] : [])]);
  assert.deepEqual(offenders, []);
});

test('src/azure reads no files, so workspace content cannot reach the network through it', () => {
  const offenders = sources.filter((f) => rel(f).startsWith('azure/')).flatMap((f) => importsOf(f).filter((s) => /^(node:)?fs(\/promises)?$/.test(s)).map((s) => `${rel(f)}: ${s}`));
  assert.deepEqual(offenders, []);
});

/** The executable, which compiles the CLI's own bundle, beside it, through V8's code cache (and nothing else). */
const STARTER = 'cli/start.ts';

test("the executable loads only the CLI's bundle beside it", () => {
  const text = readFileSync(path.join(SRC, STARTER), 'utf8');
  assert.match(text, /^const BUNDLE = path\.join\(__dirname, 'cli-main\.js'\);$/m);
  assert.match(text, /^const CACHE = `\$\{BUNDLE\}\.cache`;$/m);
  assert.deepEqual([...text.matchAll(/new Script\((\w+)/g)].map((m) => m[1]), ['wrapped']);
  assert.deepEqual([...text.matchAll(/readFileSync\((\w+)\)/g)].map((m) => m[1]), ['BUNDLE', 'CACHE']);
});

test('nothing in the product starts programs or loads code from a path it was given', () => {
  const offenders = sources.flatMap((f) => {
    const text = readFileSync(f, 'utf8');
    const found = importsOf(f)
      .filter((s) => /^(node:)?(child_process|vm|module)$/.test(s) && !(rel(f) === STARTER && /^node:(vm|module)$/.test(s)))
      .map((s) => `${rel(f)}: ${s}`);
    if (/\brequire\(\s*[^'"\s)]/.test(text)) found.push(`${rel(f)}: require() of a computed path`);
    if (/\bimport\(\s*[^'"\s)]/.test(text)) found.push(`${rel(f)}: import() of a computed path`);
    return found;
  });
  assert.deepEqual(offenders, []);
});

test('runtime dependencies are few, pinned by the lock file, and each one is known', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
  const known = /^(jsonc-parser|web-tree-sitter|@tree-sitter-grammars\/tree-sitter-hcl|@azure\/[a-z-]+)$/;
  for (const name of Object.keys(pkg.dependencies ?? {})) {
    assert.match(name, known, `unexpected runtime dependency ${name}`);
    assert.ok(lock.packages?.[`node_modules/${name}`]?.version, `${name} is not in package-lock.json`);
  }
  assert.ok(Object.keys(pkg.dependencies ?? {}).length <= 12);
});
