/**
 * The declarations of one Terraform module (the `.tf` files of a folder): variables, locals, managed resources,
 * data sources, module calls, outputs, provider configurations and the azurerm provider version constraint.
 */
import type { Span } from '../../model/span';
import { type Site, siteOf, spanAt, type TerraformDocument } from './document';
import { attribute, blocks, type Attribute, type Block, type Expr } from './syntax';

/** A declaration and where it is written. */
export interface Decl<T> {
  readonly site: Site;
  readonly node: T;
  readonly doc: TerraformDocument;
}

export interface ModuleDecls {
  /** The folder URI, with a trailing slash. */
  readonly folder: string;
  readonly documents: readonly TerraformDocument[];
  readonly variables: ReadonlyMap<string, Decl<Block>>;
  readonly locals: ReadonlyMap<string, Decl<Attribute>>;
  /** Managed resources by address `type.name`. */
  readonly resources: ReadonlyMap<string, Decl<Block>>;
  /** Data sources by address `type.name`. */
  readonly data: ReadonlyMap<string, Decl<Block>>;
  readonly modules: ReadonlyMap<string, Decl<Block>>;
  readonly outputs: ReadonlyMap<string, Decl<Block>>;
  /** The `required_providers` version constraints for a provider, by local name. */
  readonly providerConstraints: ReadonlyMap<string, { text: string; span: Span }>;
  /** `provider` blocks by configuration name: the local name (`azapi`), or with its alias (`azapi.west`). */
  readonly providers: ReadonlyMap<string, Decl<Block>>;
  /** The blocks of override files, read in place of what they override rather than merged into it (each is a notice). */
  readonly overrides: readonly Span[];
}

/**
 * An override file (`override.tf`, `x_override.tf`, and their `.tf.json`, `.tofu` and `.tofu.json` forms), whose blocks
 * Terraform merges into the blocks of the same name elsewhere in the module, argument by argument.
 */
export function isOverrideFile(uri: string): boolean {
  return /(?:^|\/|_)override\.(?:tf|tofu)(?:\.json)?$/.test(uri);
}

export function moduleDecls(folder: string, documents: readonly TerraformDocument[]): ModuleDecls {
  const variables = new Map<string, Decl<Block>>();
  const locals = new Map<string, Decl<Attribute>>();
  const resources = new Map<string, Decl<Block>>();
  const data = new Map<string, Decl<Block>>();
  const modules = new Map<string, Decl<Block>>();
  const outputs = new Map<string, Decl<Block>>();
  const providerConstraints = new Map<string, { text: string; span: Span }>();
  const providers = new Map<string, Decl<Block>>();
  const overrides: Span[] = [];
  // Override files come last, as Terraform applies them, so that a block of theirs takes the place of the one it
  // overrides: the values it writes (a location) are checked, those only the other block writes are not.
  const overriding = new Set(documents.filter((d) => isOverrideFile(d.uri)));
  for (const doc of overriding.size ? [...documents.filter((d) => !overriding.has(d)), ...overriding] : documents) {
    if (doc.kind !== 'tf') continue;
    for (const item of doc.items) {
      const node = item.node;
      if (node.k !== 'block') continue;
      const site = siteOf(doc, item);
      const [l0, l1] = node.labels.map((l) => l.value);
      if (overriding.has(doc)) overrides.push(spanAt(site, { s: node.s, e: node.open }));
      switch (node.type) {
        case 'variable':
          if (l0 !== undefined) variables.set(l0, { site, node, doc });
          break;
        case 'locals':
          for (const a of node.body.items) if (a.k === 'attribute') locals.set(a.name, { site, node: a, doc });
          break;
        case 'resource':
          if (l0 !== undefined && l1 !== undefined) resources.set(`${l0}.${l1}`, { site, node, doc });
          break;
        case 'data':
          if (l0 !== undefined && l1 !== undefined) data.set(`${l0}.${l1}`, { site, node, doc });
          break;
        case 'module':
          if (l0 !== undefined) modules.set(l0, { site, node, doc });
          break;
        case 'output':
          if (l0 !== undefined) outputs.set(l0, { site, node, doc });
          break;
        case 'provider': {
          const alias = attribute(node.body, 'alias')?.value;
          // An alias that is not a literal is refused by Terraform; it names no configuration here either.
          if (l0 !== undefined && (!alias || alias.k === 'str')) providers.set(alias ? `${l0}.${alias.value}` : l0, { site, node, doc });
          // The `version` of a provider block, deprecated since Terraform 0.13 but still read, constrains it too.
          const version = attribute(node.body, 'version')?.value;
          if (l0 !== undefined && version?.k === 'str') addConstraint(providerConstraints, l0, version.value, spanAt(site, version));
          break;
        }
        case 'terraform':
          for (const rp of blocks(node.body, 'required_providers')) readConstraints(site, rp, providerConstraints);
          break;
      }
    }
  }
  return { folder, documents, variables, locals, resources, data, modules, outputs, providerConstraints, providers, overrides };
}

/** `azurerm = { source = "hashicorp/azurerm", version = "~> 3.0" }` (or the legacy `azurerm = "~> 3.0"`). */
function readConstraints(site: Site, block: Block, out: Map<string, { text: string; span: Span }>): void {
  for (const a of block.body.items) {
    if (a.k !== 'attribute') continue;
    const version = constraintExpr(a.value);
    if (version && version.k === 'str') addConstraint(out, a.name, version.value, spanAt(site, version));
  }
}

/** Every constraint a module writes for a provider must hold: they join as one list (`>= 3.0, < 4.0`). */
function addConstraint(out: Map<string, { text: string; span: Span }>, provider: string, text: string, span: Span): void {
  const before = out.get(provider);
  out.set(provider, before ? { text: `${before.text}, ${text}`, span: before.span } : { text, span });
}

function constraintExpr(e: Expr): Expr | undefined {
  if (e.k === 'str') return e;
  if (e.k !== 'obj') return undefined;
  return e.items.find((i) => i.key.k === 'lit' && i.key.value === 'version')?.value;
}

/** The local module a `source` names (`./x`, `../x`), as a folder URI; undefined for registry, git and other sources. */
export function localModuleFolder(callerFolder: string, source: string): string | undefined {
  if (!source.startsWith('./') && !source.startsWith('../')) return undefined;
  try {
    const url = new URL(source.replace(/\\/g, '/').replace(/\/*$/, '/'), callerFolder);
    return url.toString();
  } catch {
    return undefined;
  }
}

/** The literal `source` of a module call, if it is written as one. */
export function moduleSource(call: Block): string | undefined {
  const src = attribute(call.body, 'source')?.value;
  return src?.k === 'str' ? src.value : undefined;
}
