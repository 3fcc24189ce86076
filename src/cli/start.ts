/**
 * The `itar-guard` executable. It runs the CLI's bundle through V8's code cache, which the build writes beside the
 * bundle after a scan of the examples: the functions a scan needs are then already compiled, and start-up is spent on
 * the scan rather than on parsing and compiling a megabyte of JavaScript. The build ends the bundle with a line that
 * names it (the SHA-256 of the text above that line), and the cache starts with the same digest: a cache made from
 * another bundle is not used, and neither is one for a bundle without that line; one made by another Node version is
 * refused by V8; either way the bundle compiles as usual. Reading the digest rather than hashing the bundle, and
 * decoding a bundle the build made ASCII as Latin-1, keeps a few milliseconds off every start.
 * A script compiled this way cannot `import()`, so the bundle is built with `require()` in its place.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Script } from 'node:vm';

const BUNDLE = path.join(__dirname, 'cli-main.js');
const CACHE = `${BUNDLE}.cache`;
const DIGEST_BYTES = 32;
/** The last line of a bundle the build stamped; `esbuild.mjs` writes it. */
const STAMP = /\n\/\/# itar-guard-build ([0-9a-f]{64})\n$/;

const bytes = readFileSync(BUNDLE);
const stamp = STAMP.exec(bytes.subarray(Math.max(0, bytes.length - 128)).toString('latin1'));
const digest = stamp ? Buffer.from(stamp[1], 'hex') : undefined;
let cachedData: Buffer | undefined;
try {
  const cache = readFileSync(CACHE);
  if (digest && cache.subarray(0, DIGEST_BYTES).equals(digest)) cachedData = cache.subarray(DIGEST_BYTES);
} catch {
  // No cache (a development build, or a copy without it): compile from source.
}
// The CommonJS wrapper sits on the bundle's first line, so that stack traces keep the bundle's line numbers.
const wrapped = `(function (exports, require, module, __filename, __dirname) {${bytes.toString(stamp ? 'latin1' : 'utf8')}\n})`;
const script = new Script(wrapped, { filename: BUNDLE, cachedData });
const bundleModule = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)(bundleModule.exports, createRequire(BUNDLE), bundleModule, BUNDLE, __dirname);
// The build sets this while it scans the examples; the cache then holds every function that scan compiled.
if (process.env.ITAR_GUARD_WRITE_CODE_CACHE && digest) process.once('beforeExit', () => writeFileSync(CACHE, Buffer.concat([digest, script.createCachedData()])));
