// Bundles the CLI and the extension into dist/ (or `--outdir DIR`). `--watch` rebuilds on change; `--minify` for packaging.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');
const outdirAt = process.argv.indexOf('--outdir');
const outdir = outdirAt > 0 ? process.argv[outdirAt + 1] : 'dist';

const importMetaUrl = "const import_meta_url = require('url').pathToFileURL(__filename).href;";

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
  // web-tree-sitter's module build reads import.meta.url, which a CommonJS bundle lacks: give it the bundle's own URL.
  define: { ITAR_GUARD_VERSION: JSON.stringify(pkg.version), 'import.meta.url': 'import_meta_url' },
  banner: { js: importMetaUrl },
};

// `itar-guard live` and the Azure SDK it needs are a bundle of their own, so that every other command starts fast:
// the CLI loads dist/cli-live.js only when `live` runs.
const liveApart = {
  name: 'live-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/live$/ }, (args) => (args.importer.endsWith('main.ts') ? { path: './cli-live.js', external: true } : undefined));
  },
};

const builds = [
  { ...common, entryPoints: { cli: 'src/cli/bin.ts' }, outdir, banner: { js: `#!/usr/bin/env node\n${importMetaUrl}` }, plugins: [liveApart] },
  { ...common, entryPoints: { 'cli-live': 'src/cli/live.ts' }, outdir },
];
if (existsSync('src/extension/extension.ts')) {
  // The engine runs in a worker thread of the extension host: a bundle of its own.
  builds.push({ ...common, entryPoints: { extension: 'src/extension/extension.ts', 'engine-worker': 'src/extension/engine-worker.ts' }, outdir, external: ['vscode'] });
}

// The Terraform grammar and the tree-sitter runtime are WebAssembly, loaded at run time from beside the bundles.
const require = createRequire(import.meta.url);
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
