/**
 * A parsed `.bicep` or `.bicepparam` file and the names it declares.
 */
import type { SourceText, Span } from '../../model/span';
import type { ParsedDocument } from '../../workspace/document';
import { perDocument } from '../../workspace/memo';
import { resolveUri } from '../../workspace/uri';
import { parseBicepFile } from './incremental';
import type {
  FuncDecl,
  ImportDecl,
  ImportItem,
  ModuleDecl,
  OutputDecl,
  ParamDecl,
  Program,
  ResourceDecl,
  Statement,
  StringNode,
  TypeDecl,
  VarDecl,
} from './syntax';

export interface BicepDocument extends ParsedDocument {
  readonly format: 'bicep';
  readonly kind: 'bicep' | 'bicepparam';
  readonly program: Program;
  readonly symbols: Symbols;
}

/** A name brought in by `import {name as alias} from 'file'`. */
export interface ImportedName {
  readonly decl: ImportDecl;
  readonly item: ImportItem;
}

/** What a file declares, by name (Bicep names are case-sensitive). */
export interface Symbols {
  readonly params: ReadonlyMap<string, ParamDecl>;
  readonly vars: ReadonlyMap<string, VarDecl>;
  readonly types: ReadonlyMap<string, TypeDecl>;
  readonly funcs: ReadonlyMap<string, FuncDecl>;
  /** Top-level resources, then nested ones (reachable by name inside their parent, and through `::`). */
  readonly resources: ReadonlyMap<string, ResourceDecl>;
  readonly modules: ReadonlyMap<string, ModuleDecl>;
  readonly outputs: ReadonlyMap<string, OutputDecl>;
  readonly imports: ReadonlyMap<string, ImportedName>;
  /** `import * as ns from 'file'` by namespace. */
  readonly namespaces: ReadonlyMap<string, ImportDecl>;
  /** The `using` path of a `.bicepparam` file. */
  readonly using: StringNode | undefined;
  /** The `extends` path of a `.bicepparam` file. */
  readonly extends: StringNode | undefined;
}

/** The local files a document names in `module` and `import` statements. */
export const referencedUris = perDocument((doc: BicepDocument) => {
  const out: { uri: string; isImport: boolean }[] = [];
  for (const s of doc.program.statements) {
    const path = s.kind === 'module' ? plainString(s.path) : s.kind === 'import' ? plainString(s.from) : undefined;
    if (path === undefined || remoteTemplateKind(path)) continue;
    const uri = resolveUri(doc.uri, path);
    if (uri) out.push({ uri, isImport: s.kind === 'import' });
  }
  return out;
});

/** The registry modules and template specs (`br:`, `ts:` and their aliases) a template uses, as written. */
export const remoteModules = perDocument((doc: BicepDocument) =>
  doc.program.statements.flatMap((s) => {
    const path = s.kind === 'module' ? plainString(s.path) : undefined;
    return path !== undefined && remoteTemplateKind(path) ? [path] : [];
  }),
);

const LOADED_FILE = /\bload(?:Json|Text|Yaml)Content\s*\(\s*'([^'\\]+)'/g;

/**
 * The files a document reads with `loadJsonContent` and the like (Bicep requires a literal path): the evaluation of
 * the document reads them, so a change to one evaluates it again. Read from the text, which a comment may mention too.
 */
export const loadedUris = perDocument((doc: BicepDocument) => {
  const text = doc.source.text;
  if (!text.includes('Content(')) return [];
  return [...text.matchAll(LOADED_FILE)].flatMap((m) => resolveUri(doc.uri, m[1]) ?? []);
});

export function isBicepDocument(doc: ParsedDocument | undefined): doc is BicepDocument {
  return doc?.format === 'bicep';
}

export function parseBicepDocument(source: SourceText): BicepDocument {
  const kind = /\.bicepparam$/i.test(source.uri) ? 'bicepparam' : 'bicep';
  const { program, problems } = parseBicepFile(source.uri, source.text, kind);
  return {
    uri: source.uri,
    source,
    format: 'bicep',
    kind,
    program,
    symbols: collectSymbols(program.statements),
    problems: problems.map((p) => ({ message: p.message, span: source.span(p.start, p.end) })),
  };
}

/** The span of a node of a document. */
export function spanOf(doc: BicepDocument, node: { start: number; end: number }): Span {
  return doc.source.span(node.start, node.end);
}

/** The plain text of a string without holes, or undefined. */
export function plainString(node: StringNode | undefined): string | undefined {
  return node && node.holes.length === 0 ? node.parts[0] : undefined;
}

/** The table of a kind of symbol a file does not declare: shared, since most files declare only a few kinds. */
const NO_SYMBOLS: ReadonlyMap<string, never> = new Map<string, never>();

/** A table of symbols, made when the first one is added. */
class Table<T> {
  private map?: Map<string, T>;

  /** Adds a symbol unless the name is taken: the first declaration of a name is the one that counts. */
  add(name: string, value: T): void {
    if (!this.map) this.map = new Map();
    if (!this.map.has(name)) this.map.set(name, value);
  }

  get done(): ReadonlyMap<string, T> {
    return this.map ?? NO_SYMBOLS;
  }
}

function collectSymbols(statements: readonly Statement[]): Symbols {
  const params = new Table<ParamDecl>();
  const vars = new Table<VarDecl>();
  const types = new Table<TypeDecl>();
  const funcs = new Table<FuncDecl>();
  const resources = new Table<ResourceDecl>();
  const nested: ResourceDecl[] = [];
  const modules = new Table<ModuleDecl>();
  const outputs = new Table<OutputDecl>();
  const imports = new Table<ImportedName>();
  const namespaces = new Table<ImportDecl>();
  let using: StringNode | undefined;
  let extendsPath: StringNode | undefined;
  for (const s of statements) {
    switch (s.kind) {
      case 'param':
        params.add(s.name.text, s);
        break;
      case 'var':
        vars.add(s.name.text, s);
        break;
      case 'type':
        types.add(s.name.text, s);
        break;
      case 'func':
        funcs.add(s.name.text, s);
        break;
      case 'resource':
        resources.add(s.name.text, s);
        nested.push(...nestedResources(s));
        break;
      case 'module':
        modules.add(s.name.text, s);
        break;
      case 'output':
        outputs.add(s.name.text, s);
        break;
      case 'import':
        for (const item of s.items) imports.add((item.alias ?? item.name).text, { decl: s, item });
        if (s.wildcard) namespaces.add(s.wildcard.text, s);
        break;
      case 'using':
        using ??= s.path;
        break;
      case 'extends':
        extendsPath ??= s.path;
        break;
    }
  }
  for (const r of nested) resources.add(r.name.text, r);
  return {
    params: params.done,
    vars: vars.done,
    types: types.done,
    funcs: funcs.done,
    resources: resources.done,
    modules: modules.done,
    outputs: outputs.done,
    imports: imports.done,
    namespaces: namespaces.done,
    using,
    extends: extendsPath,
  };
}

/** The resources declared inside a resource's body, at any depth. */
export function nestedResources(decl: ResourceDecl): ResourceDecl[] {
  const out: ResourceDecl[] = [];
  for (const child of childResources(decl)) out.push(child, ...nestedResources(child));
  return out;
}

/** The resources declared directly inside a resource's body (its object, under `if` and `for`). */
export function childResources(decl: ResourceDecl): ResourceDecl[] {
  const body = bodyObject(decl.value);
  return body ? body.items.filter((i): i is ResourceDecl => i.kind === 'resource') : [];
}

/** The object of a resource or module value: `{…}`, `if (…) {…}`, `[for …: {…}]`, `[for …: if (…) {…}]`. */
export function bodyObject(value: ResourceDecl['value']): Extract<ResourceDecl['value'], { kind: 'object' }> | undefined {
  switch (value.kind) {
    case 'object':
      return value;
    case 'if':
    case 'for':
      return bodyObject(value.body);
    default:
      return undefined;
  }
}

/** What a module path or `using` path outside the workspace names (`br:`, `br/alias:`, `ts:`, `ts/alias:`), if it is one. */
export function remoteTemplateKind(path: string): 'registry module' | 'template spec' | undefined {
  const m = /^(br|ts)[:/]/i.exec(path);
  return !m ? undefined : m[1].toLowerCase() === 'br' ? 'registry module' : 'template spec';
}
