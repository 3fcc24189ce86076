// Bundles the CLI and the extension into dist/. `--watch` rebuilds on change; `--minify` for packaging.
import * as esbuild from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');

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
  define: { ITAR_GUARD_VERSION: JSON.stringify(pkg.version) },
};

const builds = [{ ...common, entryPoints: { cli: 'src/cli/bin.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } }];
if (existsSync('src/extension/extension.ts')) {
  // The engine runs in a worker thread of the extension host: a bundle of its own.
  builds.push({ ...common, entryPoints: { extension: 'src/extension/extension.ts', 'engine-worker': 'src/extension/engine-worker.ts' }, outdir: 'dist', external: ['vscode'] });
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
