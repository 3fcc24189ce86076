/**
 * The `itar-guard` executable. It runs the CLI's bundle through V8's code cache, which the build writes beside the
 * bundle after a scan of the examples: the functions a scan needs are then already compiled, and start-up is spent on
 * the scan rather than on parsing and compiling a megabyte of JavaScript. A cache made from another bundle (its hash
 * differs) is not used; one made by another Node version is refused by V8; either way the bundle compiles as usual.
 * A script compiled this way cannot `import()`, so the bundle is built with `require()` in its place.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Script } from 'node:vm';

const BUNDLE = path.join(__dirname, 'cli-main.js');
const CACHE = `${BUNDLE}.cache`;
const DIGEST_BYTES = 32;

const bytes = readFileSync(BUNDLE);
const digest = createHash('sha256').update(bytes).digest();
let cachedData: Buffer | undefined;
try {
  const cache = readFileSync(CACHE);
  if (cache.subarray(0, DIGEST_BYTES).equals(digest)) cachedData = cache.subarray(DIGEST_BYTES);
} catch {
  // No cache (a development build, or a copy without it): compile from source.
}
// The CommonJS wrapper sits on the bundle's first line, so that stack traces keep the bundle's line numbers.
const wrapped = `(function (exports, require, module, __filename, __dirname) {${bytes.toString('utf8')}\n})`;
const script = new Script(wrapped, { filename: BUNDLE, cachedData });
const bundleModule = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)(bundleModule.exports, createRequire(BUNDLE), bundleModule, BUNDLE, __dirname);
// The build sets this while it scans the examples; the cache then holds every function that scan compiled.
if (process.env.ITAR_GUARD_WRITE_CODE_CACHE) process.once('beforeExit', () => writeFileSync(CACHE, Buffer.concat([digest, script.createCachedData()])));
