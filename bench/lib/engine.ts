/**
 * What the benchmarks measure, as one module. `npm run bench`, `bench:terraform` and `bench:bicep` bundle it as the
 * product's bundles are made (`node esbuild.mjs --bench`) and load the bundle, so the figures are those of the code
 * that ships, not of the sources run through the TypeScript loader (which wraps every named function to keep its
 * name, and costs the floor and the scan alike).
 */
export { discover } from '../../src/cli/discover';
export { nodeHost } from '../../src/cli/io';
export { parseBicepDocument } from '../../src/engine/formats/bicep/document';
export { evaluateBicep } from '../../src/engine/formats/bicep/resources';
export { ADAPTERS } from '../../src/engine/formats';
export { SourceText } from '../../src/engine/model/span';
export { DEFAULT_POLICY } from '../../src/engine/regions/profiles';
export { Workspace } from '../../src/engine/workspace/workspace';
export { readAll, readAndParse } from './floor';
export { FindingsSender } from '../../src/extension/findings-wire';
