import { existsSync } from 'node:fs';
import * as path from 'node:path';

export type Engine = typeof import('./engine');

const BUNDLE = path.resolve(__dirname, '..', '..', 'out', 'bench', 'engine.js');

/** The engine as `node esbuild.mjs --bench` bundles it (see `engine.ts`). */
export function bundledEngine(): Engine {
  if (!existsSync(BUNDLE)) {
    throw new Error(`${path.relative(process.cwd(), BUNDLE)} is missing: run the benchmarks through npm (npm run bench), which bundles the engine first`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(BUNDLE) as Engine;
}
