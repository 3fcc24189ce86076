/**
 * Templates a compiler wrote beside their source: `bicep build` puts `main.json` next to `main.bicep`, and
 * repositories keep the result (`azuredeploy.json` beside `main.bicep` in Azure's quickstarts, `main.json` beside
 * every module of the Bicep registry). The two deploy the same resources, so checking both reports each finding
 * twice, once where no fix belongs: the next build overwrites an edit of the compiled template.
 *
 * A compiled template is therefore checked through its source: its findings are not reported, as long as it
 * deploys nothing the source does not write. Where anything differs (a template not rebuilt after an edit of its
 * source, or edited by hand) both are reported, so a stale template that would deploy elsewhere is never hidden.
 * Values a parameter file gives are left out of the comparison: each of the two may have its own, and findings in
 * those files are reported as usual.
 */
import type { Resource } from '../model/resource';
import type { Value } from '../model/value';
import type { AnalysisUnit, FormatAdapter, ParsedDocument, WorkspaceFiles } from './document';
import { folderOf } from './uri';

/** A compiled template whose findings are not reported, and the source they are reported in. */
export interface CompiledTemplate {
  readonly uri: string;
  readonly source: string;
}

interface Evaluated {
  readonly unit: AnalysisUnit;
  readonly resources: readonly Resource[];
}

/** The compiled templates among the units' roots that deploy what a source unit in their folder deploys. */
export function compiledTemplates(evaluated: readonly Evaluated[], files: WorkspaceFiles, adapters: readonly FormatAdapter[]): CompiledTemplate[] {
  const out: CompiledTemplate[] = [];
  const byUri = new Map(evaluated.map((e) => [e.unit.id, e]));
  for (const e of evaluated) {
    const doc = files.get(e.unit.id);
    const from = doc && !doc.problems.length ? adapters.find((a) => a.format === doc.format)?.compiledFrom?.(doc) : undefined;
    if (!doc || !from) continue;
    const folder = folderOf(doc.uri);
    const sources = (files.folder?.(folder) ?? [])
      .filter((uri) => uri !== doc.uri && byUri.has(uri))
      .map((uri) => files.get(uri))
      .filter((d): d is ParsedDocument => !!d && d.format === from && !d.problems.length)
      .sort((a, b) => sameStem(b.uri, doc.uri) - sameStem(a.uri, doc.uri));
    if (!sources.length) continue;
    const source = sources.find((s) => sameDeployment(e.resources, byUri.get(s.uri)!.resources, files));
    if (source) out.push({ uri: doc.uri, source: source.uri });
  }
  return out;
}

function sameStem(a: string, b: string): number {
  const stem = (u: string) => u.slice(u.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '').toLowerCase();
  return stem(a) === stem(b) ? 1 : 0;
}

/**
 * Where the two formats say the same thing differently: the name, type, dependencies and description of a
 * resource, and the deployments that stand for modules (their resources are compared instead).
 */
const UNCOMPARED = new Set(['name', 'type', 'apiversion', 'dependson', 'condition', 'copy', 'scope', 'comments', 'metadata', 'existing', 'parent']);
const DEPLOYMENTS = new Set(['module', 'microsoft.resources/deployments']);
/** Beyond this many written values a unit is not compared (and both are reported): the cost would not pay. */
const MAX_VALUES = 200_000;

/**
 * A resource's written values by property path, and the paths where the evaluator could not determine its value.
 * A parameter without a value is not among those: the deployment decides it, so a compiled template that leaves
 * to its deployer what its source writes is a different template.
 */
interface Shape {
  readonly type: string;
  readonly known: Map<string, Set<string>>;
  readonly undetermined: Set<string>;
}

/** Decisions by the two units' evaluations, so that an analysis after an edit elsewhere compares nothing again. */
const decisions = new WeakMap<readonly Resource[], WeakMap<readonly Resource[], boolean>>();

function sameDeployment(compiled: readonly Resource[], source: readonly Resource[], files: WorkspaceFiles): boolean {
  let bySource = decisions.get(compiled);
  if (!bySource) decisions.set(compiled, (bySource = new WeakMap()));
  let same = bySource.get(source);
  if (same === undefined) {
    const c = shapesOf(compiled, files);
    const s = shapesOf(source, files);
    bySource.set(source, (same = !!c && !!s && deploysTheSame(c, s)));
  }
  return same;
}

const shapes = new WeakMap<readonly Resource[], Shape[] | undefined>();

/**
 * The resources' shapes; undefined when they hold too many values to compare. Values a parameter file gives are
 * left out: they are not written in the template, and their findings are reported in that file either way.
 */
function shapesOf(resources: readonly Resource[], files: WorkspaceFiles): Shape[] | undefined {
  if (shapes.has(resources)) return shapes.get(resources);
  const written = (uri: string) => {
    const kind = files.get(uri)?.kind;
    return kind === 'template' || kind === 'bicep';
  };
  const budget = { left: MAX_VALUES };
  const out: Shape[] = [];
  for (const r of resources) {
    const type = r.type.toLowerCase();
    if (r.existing || DEPLOYMENTS.has(type)) continue;
    const shape: Shape = { type, known: new Map(), undetermined: new Set() };
    walk(r.body, '', shape, written, budget, 0);
    out.push(shape);
  }
  const result = budget.left < 0 ? undefined : out;
  shapes.set(resources, result);
  return result;
}

function walk(value: Value, path: string, shape: Shape, written: (uri: string) => boolean, budget: { left: number }, depth: number): void {
  if (depth > 32 || budget.left-- < 0) return;
  if (value.unknowns.some((u) => !u.input)) shape.undetermined.add(path);
  for (const p of value.options) {
    if (p.kind === 'scalar') {
      let values = shape.known.get(path);
      if (!values) shape.known.set(path, (values = new Set()));
      if (written(p.origin.uri)) values.add(JSON.stringify(p.value));
    } else if (p.kind === 'object') {
      for (const [name, prop] of p.props) {
        if (depth === 0 && UNCOMPARED.has(name)) continue;
        walk(prop.value, path ? `${path}.${name}` : name, shape, written, budget, depth + 1);
      }
    } else if (p.kind === 'array') {
      for (const item of p.items) walk(item, `${path}[]`, shape, written, budget, depth + 1);
    }
  }
}

/**
 * Whether a compiled template's resources deploy nothing its source's do not: each of its resources pairs with one
 * of the source's of the same type that writes every value it writes, and writes more only where the compiled
 * template's value is undetermined (the ARM evaluator cannot read a module's outputs, which Bicep's can).
 */
function deploysTheSame(compiled: readonly Shape[], source: readonly Shape[]): boolean {
  if (compiled.length !== source.length) return false;
  const free = new Set(source);
  for (const c of compiled) {
    const s = [...free].find((x) => x.type === c.type && covers(x, c));
    if (!s) return false;
    free.delete(s);
  }
  return true;
}

function covers(source: Shape, compiled: Shape): boolean {
  for (const path of new Set([...compiled.known.keys(), ...source.known.keys()])) {
    const c = compiled.known.get(path) ?? NONE;
    const s = source.known.get(path) ?? NONE;
    for (const v of c) if (!s.has(v)) return false;
    if (c.size !== s.size && !undeterminedAt(compiled, path)) return false;
  }
  return true;
}

const NONE: ReadonlySet<string> = new Set();

/** Whether the value at a path, or at a path that holds it, is undetermined. */
function undeterminedAt(shape: Shape, path: string): boolean {
  for (let p = path; ; p = p.slice(0, Math.max(p.lastIndexOf('.'), p.lastIndexOf('['), 0))) {
    if (shape.undetermined.has(p)) return true;
    if (!p) return false;
  }
}
