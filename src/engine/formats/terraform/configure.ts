/**
 * A {@link ResourceChange} written into Terraform. For an azurerm resource the ARM paths are mapped back through
 * the azurerm table (`mapping/reverse.ts`) to arguments and nested blocks of the resource — or, when the resource
 * cannot take them (Event Hubs, Kusto, NetApp keys…), to a separate resource that configures it
 * (`azurerm_*_customer_managed_key`), added after it. For an `azapi_resource` they go into its `body` at the ARM
 * paths. New inputs become `variable` blocks (snake_case names; one the module declares already is reused),
 * referred to as `var.name`. Attributes line up their `=` with their neighbours, as `terraform fmt` writes them.
 */
import type { NewInput, ResourceChange, SettingValue } from '../../model/change';
import type { TextEdit } from '../../model/finding';
import { firstAtOrAfter } from '../../model/ordered';
import type { Resource } from '../../model/resource';
import type { SourceText, Span } from '../../model/span';
import type { WorkspaceFiles } from '../../workspace/document';
import { perView } from '../../workspace/memo';
import { folderOf } from '../../workspace/uri';
import { applyChange, changeTree, renderChange, type ChangeNode, type ChangeSyntax, type ChangeTarget } from '../change-tree';
import { renderStringLiteral } from '../literals';
import { layoutOf, lineIndent, mergeTouching, type Layout } from '../text-layout';
import type { TerraformDocument } from './document';
import { providerVersion, type ProviderVersion } from './mapping/provider-version';
import { argumentFor, reverseMap, type ArgumentWrite } from './mapping/reverse';
import { azurermMapping, azurermTypesOf, type ResourceMapping } from './mapping/table';
import { moduleDecls, type ModuleDecls } from './module';
import { attribute, blocks, type Attribute, type Block, type Body, type Expr, type TopItem } from './syntax';
import { lockedAzurermVersion } from './tfvars';
import { readerOf, type Reader } from './readers';
import { moduleLoader, reachedBy, readingsOf, rootModules } from './units';

interface Writer {
  readonly source: SourceText;
  readonly layout: Layout;
  /** The offset the ranges of the resource's top-level item are relative to. */
  readonly base: number;
  readonly edits: TextEdit[];
}

/** A value to write: a change's, or a reference to another resource (`azurerm_x.y.id`). */
type Leaf = SettingValue | { readonly kind: 'reference'; readonly text: string };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

function value(v: Leaf): string {
  if (v.kind === 'reference') return v.text;
  if (v.kind === 'input') return `var.${snake(v.input.name)}`;
  return typeof v.value === 'string' ? renderStringLiteral('hcl', v.value) : String(v.value);
}

/** An argument's value; azurerm names its list arguments `*_ids` (`key_vault_key_ids`, `identity_ids`). */
function argumentText(name: string, v: Leaf): string {
  return name.endsWith('_ids') && v.kind === 'input' ? `[${value(v)}]` : value(v);
}

const SYNTAX: ChangeSyntax = { value, key: (k) => (IDENTIFIER.test(k) ? k : renderStringLiteral('hcl', k)), assign: ' = ', lineSeparator: '' };

/** `name = value` lines of one group, their `=` aligned. */
function attributeLines(pairs: readonly (readonly [string, string])[], indent: string, width = 0): string[] {
  const pad = Math.max(width, ...pairs.map(([n]) => n.length));
  return pairs.map(([n, v]) => `${indent}${n.padEnd(pad)} = ${v}`);
}

/** The names and values of a tree of argument writes: attributes first, then blocks, as Terraform writes them. */
type ArgTree = Map<string, Leaf | ArgTree>;

function argTree(writes: readonly { readonly path: readonly string[]; readonly value: Leaf }[]): ArgTree {
  const root: ArgTree = new Map();
  for (const { path, value: v } of writes) {
    let node = root;
    path.forEach((name, i) => {
      if (i === path.length - 1) node.set(name, v);
      else {
        const next = node.get(name);
        const tree = next instanceof Map ? next : new Map();
        node.set(name, tree);
        node = tree;
      }
    });
  }
  return root;
}

function renderBlock(w: Writer, name: string, tree: ArgTree, indent: string): string {
  const { eol, unit } = w.layout;
  const attrs = [...tree].filter((e): e is [string, Leaf] => !(e[1] instanceof Map)).map(([n, v]) => [n, argumentText(n, v)] as const);
  const inner = [...attributeLines(attrs, indent + unit)];
  for (const [n, sub] of tree) if (sub instanceof Map) inner.push(renderBlock(w, n, sub, indent + unit));
  return `${indent}${name} {${eol}${inner.join(eol)}${eol}${indent}}`;
}

function abs(w: Writer, r: { s: number; e: number }): { start: number; end: number } {
  return { start: w.base + r.s, end: w.base + r.e };
}

/** The `=` column of an attribute, as a name width. */
function nameWidth(w: Writer, a: Attribute): number {
  return w.source.text.slice(w.base + a.s, w.base + a.value.s).replace(/\s*=\s*$/, '').length;
}

/** Inserts attributes and blocks a block's body lacks, the block being `{ … }` from `open` to `close`. */
function insertIntoBody(w: Writer, block: { open: number; close: number; s: number }, body: Body, attrs: readonly (readonly [string, string])[], newBlocks: readonly [string, ArgTree][]): void {
  const { source } = w;
  const { eol, unit } = w.layout;
  const outer = lineIndent(source, w.base + block.s);
  const items = body.items;
  const oneLine = source.lineOf(w.base + block.open) === source.lineOf(w.base + block.close);
  const indent = items.length && !oneLine ? lineIndent(source, w.base + items[0].s) : outer + unit;
  const blockTexts = newBlocks.map(([n, t]) => renderBlock(w, n, t, indent));
  if (oneLine) {
    // `site_config {}` or `x { a = 1 }`: one argument at the most on one line; open it up.
    const existing = source.text.slice(w.base + block.open, w.base + block.close).trim();
    const lines = [...(existing ? [indent + existing] : []), ...attributeLines(attrs, indent), ...blockTexts];
    w.edits.push({ span: source.span(w.base + block.open, w.base + block.close), newText: `${eol}${lines.join(eol)}${eol}${outer}` });
    return;
  }
  const lastAttr = [...items].reverse().find((i): i is Attribute => i.k === 'attribute');
  if (attrs.length) {
    const at = lastAttr ? source.lineEnd(source.lineOf(w.base + lastAttr.e)) : w.base + block.open;
    const width = lastAttr ? nameWidth(w, lastAttr) : 0;
    w.edits.push({ span: source.span(at, at), newText: attributeLines(attrs, indent, width).map((l) => eol + l).join('') });
  }
  if (blockTexts.length) {
    const last = items[items.length - 1];
    const at = last ? source.lineEnd(source.lineOf(w.base + last.e)) : w.base + block.open;
    w.edits.push({ span: source.span(at, at), newText: blockTexts.map((t) => (last ? eol : '') + eol + t).join('') });
  }
}

/** Writes argument writes into a resource block's body: replaces written attributes, inserts the rest. */
function writeArguments(w: Writer, block: Block, tree: ArgTree): boolean {
  const attrs: [string, string][] = [];
  const newBlocks: [string, ArgTree][] = [];
  for (const [name, node] of tree) {
    if (!(node instanceof Map)) {
      const written = attribute(block.body, name);
      if (written) w.edits.push({ span: w.source.span(abs(w, written.value).start, abs(w, written.value).end), newText: argumentText(name, node) });
      else attrs.push([name, argumentText(name, node)]);
      continue;
    }
    const existing = blocks(block.body, name);
    if (!existing.length) newBlocks.push([name, node]);
    for (const b of existing) if (!writeArguments(w, b, node)) return false;
  }
  if (attrs.length || newBlocks.length) insertIntoBody(w, block, block.body, attrs, newBlocks);
  return true;
}

/** The azapi side of {@link applyChange}: the `body` object at ARM paths. */
function bodyTarget(w: Writer): ChangeTarget<Expr> {
  // A bare name as a key is read as a literal; a quoted key is a string.
  const keyName = (k: Expr) => (k.k === 'str' || (k.k === 'lit' && typeof k.value === 'string') ? String(k.value) : undefined);
  return {
    property: (object, name) => (object.k === 'obj' ? object.items.find((i) => keyName(i.key)?.toLowerCase() === name.toLowerCase())?.value : undefined),
    shape: (node) => (node.k === 'obj' ? 'object' : node.k === 'tuple' ? 'array' : 'other'),
    elements: (array) => (array.k === 'tuple' ? array.items : []),
    replace: (node, change) => {
      const r = abs(w, node);
      const inline = w.source.lineOf(r.start) === w.source.lineOf(r.end) && change.kind === 'value';
      w.edits.push({ span: w.source.span(r.start, r.end), newText: renderChange(SYNTAX, w.layout, change, lineIndent(w.source, r.start), inline) });
    },
    insert: (object, missing) => {
      if (object.k !== 'obj') return;
      const { source } = w;
      const { eol, unit } = w.layout;
      const r = abs(w, object);
      const render = (name: string, node: ChangeNode, indent: string, inline: boolean) => `${SYNTAX.key(name)} = ${renderChange(SYNTAX, w.layout, node, indent, inline)}`;
      const items = object.items;
      const outer = lineIndent(source, r.start);
      const multiline = items.length > 0 && source.lineOf(w.base + items[0].key.s) !== source.lineOf(r.start);
      const indent = multiline ? lineIndent(source, w.base + items[0].key.s) : outer + unit;
      if (!items.length) {
        w.edits.push({ span: source.span(r.start, r.end), newText: `{${eol}${missing.map((m) => indent + render(m.name, m.node, indent, false)).join(eol)}${eol}${outer}}` });
      } else if (!multiline) {
        const at = w.base + items[items.length - 1].value.e;
        w.edits.push({ span: source.span(at, at), newText: missing.map((m) => `, ${render(m.name, m.node, indent, true)}`).join('') });
      } else {
        const at = source.lineEnd(source.lineOf(w.base + items[items.length - 1].value.e));
        w.edits.push({ span: source.span(at, at), newText: missing.map((m) => `${eol}${indent}${render(m.name, m.node, indent, false)}`).join('') });
      }
    },
  };
}

/** Writes a change into an `azapi_resource`'s `body` (an object, or `jsonencode` of one). */
function writeAzapiBody(w: Writer, block: Block, change: ResourceChange): boolean {
  const written = attribute(block.body, 'body');
  const tree = changeTree(change);
  if (!written) {
    insertIntoBody(w, block, block.body, [['body', renderChange(SYNTAX, w.layout, tree, lineIndent(w.source, w.base + block.s) + w.layout.unit, false)]], []);
    return true;
  }
  const object = written.value.k === 'call' && written.value.name === 'jsonencode' ? written.value.args[0] : written.value;
  return !!object && object.k === 'obj' && applyChange(bodyTarget(w), object, tree);
}

interface Module {
  readonly decls: ModuleDecls;
  readonly version: ProviderVersion;
}

/** The version by root module, with the lock file it was read from: an edit of the lock file alone keeps the declarations. */
const VERSIONS = new WeakMap<ModuleDecls, { readonly lock: TerraformDocument | undefined; readonly version: ProviderVersion }>();

/**
 * The module (folder) a resource's document belongs to, as the analysis read it, and the azurerm version it runs
 * with: its root module's, whose constraint and lock file the evaluation read (the root folder heads the key of a
 * resource in a called module).
 */
export function moduleOf(doc: TerraformDocument, resource: Resource, files: WorkspaceFiles, reader = readerOf(doc.uri)): Module {
  const root = /#([^#|]*)\|module\./.exec(resource.key)?.[1];
  // Messages ask for it once per finding and setting: once per document, reader and root module in an analysis.
  const byDoc = perView(files, MODULES, () => new WeakMap<TerraformDocument, Map<string, Module>>());
  let known = byDoc.get(doc);
  if (!known) byDoc.set(doc, (known = new Map()));
  const key = `${reader}|${root ?? ''}`;
  let mod = known.get(key);
  if (!mod) known.set(key, (mod = readModule(doc, root, files, reader)));
  return mod;
}

const MODULES = {};

function readModule(doc: TerraformDocument, root: string | undefined, files: WorkspaceFiles, reader: Reader): Module {
  const folder = folderOf(doc.uri);
  const decls = moduleLoader(files, reader).decls(folder) ?? moduleDecls(folder, [doc]);
  const from = root ?? folder;
  return { decls, version: rootVersion(from, files, reader, from === folder ? decls : undefined) };
}

/** The azurerm version a root module runs with: from its constraint and lock file, as its unit reads them. */
function rootVersion(root: string, files: WorkspaceFiles, reader: Reader, decls?: ModuleDecls): ProviderVersion {
  const loader = moduleLoader(files, reader);
  const rootDecls = decls ?? loader.decls(root);
  if (!rootDecls) return providerVersion(undefined, undefined);
  const lock = loader.lock(root);
  const known = VERSIONS.get(rootDecls);
  if (known && known.lock === lock) return known.version;
  const version = providerVersion(rootDecls.providerConstraints.get('azurerm')?.text, lockedAzurermVersion(lock));
  VERSIONS.set(rootDecls, { lock, version });
  return version;
}

/** `variable` blocks for the new inputs, at the end of the file. */
function declareVariables(w: Writer, doc: TerraformDocument, inputs: readonly NewInput[]): void {
  const { eol, unit } = w.layout;
  const blocksText = inputs.map((i) => {
    const lines = attributeLines([['description', renderStringLiteral('hcl', i.description)], ['type', 'string']], unit);
    return `variable ${renderStringLiteral('hcl', snake(i.name))} {${eol}${lines.join(eol)}${eol}}`;
  });
  const last = doc.items[doc.items.length - 1];
  const at = last ? w.source.lineEnd(w.source.lineOf(last.base + last.node.e)) : w.source.text.length;
  w.edits.push({ span: w.source.span(at, at), newText: blocksText.map((b) => `${last ? eol + eol : ''}${b}`).join('') + (last ? '' : eol) });
}

/** The inputs the writes refer to, each once. */
function inputsOf(values: readonly SettingValue[]): NewInput[] {
  const out: NewInput[] = [];
  for (const v of values) if (v.kind === 'input' && !out.some((i) => i.name === v.input.name)) out.push(v.input);
  return out;
}

/** Whether a resource writes an argument or block at a path of argument names. */
export function writtenArgs(block: Block): (args: readonly string[]) => boolean {
  return (args) => {
    let body: Body | undefined = block.body;
    for (const name of args.slice(0, -1)) body = body && blocks(body, name)[0]?.body;
    const last = args[args.length - 1];
    return !!body && (!!attribute(body, last) || blocks(body, last).length > 0);
  };
}

/** The separate azurerm resources the files configure a resource with (its `encryption-config` links), one per type. */
export function configuringLinks(resource: Resource): { type: string; mapping: ResourceMapping; span?: Span }[] {
  const out: { type: string; mapping: ResourceMapping; span?: Span }[] = [];
  for (const link of resource.links) {
    // The link's target is a resource key, which ends with the resource's address (`…azurerm_x_customer_managed_key.k[0]`).
    const type = link.kind === 'encryption-config' ? /([A-Za-z0-9_]+)\.[A-Za-z0-9_-]+$/.exec(link.target.replace(/\[[^\]]*\]$/, ''))?.[1] : undefined;
    const mapping = type ? azurermMapping(type) : undefined;
    if (type && mapping?.configures && !out.some((c) => c.type === type)) out.push({ type, mapping, span: link.span });
  }
  return out;
}

/**
 * A separate azurerm resource that configures this one and takes the change (`azurerm_eventhub_namespace` has no
 * key argument; `azurerm_eventhub_namespace_customer_managed_key` has), as a block to add after it.
 */
function separateResource(w: Writer, mod: Module, item: TopItem, block: Block, resource: Resource, change: ResourceChange): { text: string; values: SettingValue[] } | undefined {
  const [sourceType, label] = block.labels.map((l) => l.value);
  // A reference to one instance of many would need its index; a second resource of a type the files already
  // configure it with would conflict with the first.
  if (attribute(block.body, 'count') || attribute(block.body, 'for_each')) return undefined;
  const linked = configuringLinks(resource).map((c) => c.type);
  for (const [type, mapping] of azurermTypesOf(resource.type, mod.version, true)) {
    if (!mapping.configures || linked.includes(type)) continue;
    const writes = reverseMap(mapping, change.set, mod.version, () => false);
    if (!writes?.length || writes.some((x) => x.list)) continue;
    const name = mod.decls.resources.has(`${type}.${label}`) ? `${label}_cmk` : label;
    const tree = argTree([{ path: [mapping.configures], value: { kind: 'reference', text: `${sourceType}.${label}.id` } }, ...writes]);
    const header = `resource ${renderStringLiteral('hcl', type)} ${renderStringLiteral('hcl', name)}`;
    return { text: renderBlock(w, header, tree, lineIndent(w.source, item.base + block.s)), values: writes.map((x) => x.value) };
  }
  return undefined;
}

/** The `resource` block that declares a resource, with its top-level item. */
export function resourceBlock(doc: TerraformDocument, resource: Resource): { item: TopItem; block: Block } | undefined {
  // The items are in source order; messages ask for each finding's resource, so a search, not a walk.
  const at = resource.declaration.start;
  const item = doc.items[firstAtOrAfter(doc.items, at, (i) => i.base + i.node.s)];
  return item && item.base + item.node.s === at && item.node.k === 'block' && item.node.type === 'resource' ? { item, block: item.node } : undefined;
}

/**
 * The change, where every tool that reads the file would take the same text: each reads the module's other files (a
 * variable a `.tofu` file declares) and its root module's provider version (a constraint in `versions.tofu`) its own way,
 * and a module that root modules of other provider versions also call must not break their plans (a renamed argument).
 */
export function configureTerraformResource(doc: TerraformDocument, resource: Resource, change: ResourceChange, files: WorkspaceFiles): TextEdit[] | undefined {
  const folder = folderOf(doc.uri);
  const reading = readingsOf(files).filter((r) => reachedBy(files, r).has(folder) && moduleLoader(files, r).decls(folder)?.documents.includes(doc));
  let edits: TextEdit[] | undefined;
  let text: string | undefined;
  for (const reader of reading.length ? reading : [readerOf(doc.uri)]) {
    const mod = moduleOf(doc, resource, files, reader);
    const own = configureAt(doc, resource, change, mod);
    const ownText = own && JSON.stringify(own);
    if (!own || (text !== undefined && ownText !== text)) return undefined;
    edits ??= own;
    text ??= ownText;
    if (!resource.via.length) continue;
    for (const root of rootModules(files, reader)) {
      if (!root.reached.includes(folder)) continue;
      const version = rootVersion(root.folder, files, reader);
      if (version.join('.') !== mod.version.join('.') && JSON.stringify(configureAt(doc, resource, change, { ...mod, version })) !== text) return undefined;
    }
  }
  return edits;
}

function configureAt(doc: TerraformDocument, resource: Resource, change: ResourceChange, mod: Module): TextEdit[] | undefined {
  const found = resourceBlock(doc, resource);
  if (!found) return undefined;
  const { item, block } = found;
  const w: Writer = { source: doc.source, layout: layoutOf(doc.source), base: item.base, edits: [] };
  let values: SettingValue[];
  const sourceType = block.labels[0]?.value ?? '';
  if (sourceType === 'azapi_resource') {
    if (!writeAzapiBody(w, block, change)) return undefined;
    values = change.set.map((a) => a.value);
  } else {
    const mapping = azurermMapping(sourceType);
    const written = writtenArgs(block);
    const inArguments = (writes: ArgumentWrite[] | undefined): SettingValue[] | undefined =>
      writes && writeArguments(w, block, argTree(writes)) ? writes.map((x) => x.value) : undefined;
    const mapped = (set: ResourceChange['set']) => mapping && reverseMap(mapping, set, mod.version, written);
    const inSeparate = (set: ResourceChange['set']): SettingValue[] | undefined => {
      const separate = separateResource(w, mod, item, block, resource, { ...change, set });
      if (!separate) return undefined;
      const at = w.source.lineEnd(w.source.lineOf(item.base + block.e));
      w.edits.push({ span: w.source.span(at, at), newText: `${w.layout.eol}${w.layout.eol}${separate.text}` });
      return separate.values;
    };
    // The resource's own arguments, else a separate resource that configures it, else both: what its arguments can
    // hold in them and the rest in the separate resource (a Databricks workspace's own keys and its DBFS key).
    const own = mapping ? change.set.filter((a) => argumentFor(mapping, a.path, undefined, mod.version, written)) : [];
    const rest = change.set.filter((a) => !own.includes(a));
    const both = (): SettingValue[] | undefined => {
      const first = own.length && rest.length ? inArguments(mapped(own)) : undefined;
      const second = first && inSeparate(rest);
      return first && second && [...first, ...second];
    };
    const whole = mapped(change.set);
    const result = whole ? inArguments(whole) : (inSeparate(change.set) ?? both());
    if (!result) return undefined;
    values = result;
  }
  const inputs = inputsOf(values);
  // A module's new variable would also have to be passed by every call of the module.
  if (inputs.length && resource.via.length) return undefined;
  const fresh = inputs.filter((i) => !mod.decls.variables.has(snake(i.name)));
  if (fresh.length) declareVariables(w, doc, fresh);
  return mergeTouching(doc.source, w.edits);
}
