// Bundles the CLI and the extension into dist/ (or `--outdir DIR`). `--watch` rebuilds on change; `--minify` for packaging;
// `--bench` bundles only what the benchmarks measure (bench/lib/engine.ts), into out/bench/.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');
const bench = process.argv.includes('--bench');
const outdirAt = process.argv.indexOf('--outdir');
const outdir = bench ? 'out/bench' : outdirAt > 0 ? process.argv[outdirAt + 1] : 'dist';

const require = createRequire(import.meta.url);
const importMetaUrl = "const import_meta_url = require('url').pathToFileURL(__filename).href;";

// web-tree-sitter's CommonJS build, not its module build (which the `import` condition picks): the module build
// reads import.meta.url and imports Node's modules with `import()`, neither of which a CommonJS bundle has.
const treeSitterCommonJs = {
  name: 'tree-sitter-commonjs',
  setup(build) {
    build.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: require.resolve('web-tree-sitter') }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: minify ? false : 'linked',
  minify,
  logLevel: 'warning',
  // jsonc-parser's UMD build loads its parts with a dynamic require that a bundle cannot follow; use its ESM build.
  mainFields: ['module', 'main'],
  // Some bundled ES modules (in the Azure SDK's dependencies) read import.meta.url, which a CommonJS bundle lacks:
  // give them the bundle's own URL.
  define: { ITAR_GUARD_VERSION: JSON.stringify(pkg.version), 'import.meta.url': 'import_meta_url' },
  banner: { js: importMetaUrl },
  plugins: [treeSitterCommonJs],
};

/** Leaves a module that `importer` imports on demand out of the importer's bundle: the import loads `bundle` instead. */
function apart(filter, importer, bundle) {
  return {
    name: `apart-${bundle}`,
    setup(build) {
      build.onResolve({ filter }, (args) => (args.importer.endsWith(importer) ? { path: `./${bundle}.js`, external: true } : undefined));
    },
  };
}

// `itar-guard live` and the Azure SDK it needs are a bundle of their own, so that every other command starts fast:
// the CLI loads dist/cli-live.js only when `live` runs.
const liveApart = apart(/^\.\/live$/, 'main.ts', 'cli-live');
// Likewise the extension's Azure Compliance view loads dist/azure.js only when it first reads a cloud.
const azureApart = apart(/\/azure\/extension-entry$/, 'live-state.ts', 'azure');

// dist/cli.js starts dist/cli-main.js through a V8 code cache (see src/cli/start.ts). A rebuild removes the cache,
// and a full build writes it afresh by scanning the examples with the new bundle.
const CODE_CACHE = `${outdir}/cli-main.js.cache`;
const dropsCodeCache = {
  name: 'drops-code-cache',
  setup(build) {
    build.onEnd(() => rmSync(CODE_CACHE, { force: true }));
  },
};

// The CLI's bundle ends with a line naming it, the SHA-256 of the text above it, which dist/cli.js compares with the
// code cache's (see src/cli/start.ts) instead of hashing the bundle at every start. The text is made ASCII first, so
// that it decodes as Latin-1 (a few milliseconds faster than UTF-8 for a megabyte): esbuild escapes what strings and
// regular expressions hold beyond ASCII, and what remains, in comments, is escaped here.
const stampsBundle = {
  name: 'stamps-bundle',
  setup(build) {
    build.onEnd((result) => {
      const file = `${outdir}/cli-main.js`;
      if (result.errors.length || !existsSync(file)) return;
      const text = readFileSync(file, 'utf8').replace(/[\u0080-\u{10ffff}]/gu, (c) => `\\u{${c.codePointAt(0).toString(16)}}`);
      writeFileSync(file, `${text}\n//# itar-guard-build ${createHash('sha256').update(text).digest('hex')}\n`);
    });
  },
};

// dist/cli.js is the package's `bin`: it must be executable for `npx itar-guard` to run it in a fresh checkout, where
// no install step has linked it (esbuild writes files without the executable bit).
const executable = {
  name: 'executable',
  setup(build) {
    build.onEnd(() => {
      if (existsSync(`${outdir}/cli.js`)) chmodSync(`${outdir}/cli.js`, 0o755);
    });
  },
};

const builds = bench ? [{ ...common, entryPoints: { engine: 'bench/lib/engine.ts' }, outdir }] : [
  { ...common, entryPoints: { cli: 'src/cli/start.ts' }, outdir, banner: { js: `#!/usr/bin/env node\n${importMetaUrl}` }, sourcemap: false, plugins: [dropsCodeCache, executable] },
  // `import()` becomes `require()`: a script compiled with a code cache cannot import (see src/cli/start.ts).
  { ...common, entryPoints: { 'cli-main': 'src/cli/bin.ts' }, outdir, supported: { 'dynamic-import': false }, plugins: [...common.plugins, liveApart, dropsCodeCache, stampsBundle] },
  { ...common, entryPoints: { 'cli-live': 'src/cli/live.ts' }, outdir },
];
if (!bench && existsSync('src/extension/extension.ts')) {
  // The engine runs in a worker thread of the extension host, and the Azure SDK loads only for the Azure
  // Compliance view: bundles of their own.
  builds.push({ ...common, entryPoints: { extension: 'src/extension/extension.ts', 'engine-worker': 'src/extension/engine-worker.ts', azure: 'src/azure/extension-entry.ts' }, outdir, external: ['vscode'], plugins: [azureApart] });
}

// The Terraform grammar and the tree-sitter runtime are WebAssembly, loaded at run time from beside the bundles.
mkdirSync(outdir, { recursive: true });
for (const [name, module] of [
  ['web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm'],
  ['tree-sitter-terraform.wasm', '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'],
]) {
  copyFileSync(require.resolve(module), `${outdir}/${name}`);
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
if (!watch && !bench) {
  const warm = spawnSync(process.execPath, [`${outdir}/cli.js`, 'scan', fileURLToPath(new URL('./examples', import.meta.url)), '--format', 'sarif'], { env: { ...process.env, ITAR_GUARD_WRITE_CODE_CACHE: '1' }, encoding: 'utf8' });
  if (warm.status !== 0 && warm.status !== 1) throw new Error(`writing the CLI's code cache failed: ${warm.stderr}`);
}
