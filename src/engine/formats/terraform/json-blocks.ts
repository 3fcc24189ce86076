/**
 * What the properties of a body of Terraform's JSON syntax are, which JSON cannot say: nested blocks (with their
 * labels) or arguments, and how an argument's JSON value reads. Terraform asks the provider's schema; here Terraform's
 * own block types are known (the language documentation's "JSON Configuration Syntax"), `data/azurerm.json` says which
 * azurerm arguments are blocks, and azapi's are `identity` and `timeouts` (`body` and `retry` are arguments:
 * Azure/terraform-provider-azapi, docs/resources/resource.md). Any other property is an argument.
 */
import { azurermMapping, AZURERM, specs, type ArgumentTable } from './mapping/table';

/**
 * How an argument's JSON value reads: an expression (strings are templates), a literal value (a variable's
 * `default`), a type expression or a reference written in a string, a list of references, a module's `providers` map.
 */
export type Reading = 'expression' | 'literal' | 'type' | 'reference' | 'references' | 'providers';

export interface BlockShape {
  readonly labels: number;
  readonly schema: Schema;
}

export interface Schema {
  /** The nested block type of this name, or undefined for an argument. */
  block(name: string): BlockShape | undefined;
  argument(name: string): Reading;
}

function own<T>(record: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, name) ? record[name] : undefined;
}

function schema(blocks: Readonly<Record<string, { labels?: number; schema: () => Schema }>>, args: Readonly<Record<string, Reading>> = {}, otherwise: Reading = 'expression'): Schema {
  return {
    block: (name) => {
      const b = own(blocks, name);
      return b && { labels: b.labels ?? 0, schema: b.schema() };
    },
    argument: (name) => own(args, name) ?? otherwise,
  };
}

export const EXPRESSIONS: Schema = schema({});
const LITERALS: Schema = schema({}, {}, 'literal');
const CHECKS = { precondition: { schema: () => EXPRESSIONS }, postcondition: { schema: () => EXPRESSIONS } };
const OUTPUT: Schema = schema(CHECKS, { depends_on: 'references' });
const LIFECYCLE: Schema = schema(CHECKS, { ignore_changes: 'references', replace_triggered_by: 'references', create_before_destroy: 'literal', prevent_destroy: 'literal' });
const VARIABLE: Schema = schema({ validation: { schema: () => EXPRESSIONS } }, { type: 'type', default: 'literal', description: 'literal', sensitive: 'literal', nullable: 'literal', ephemeral: 'literal' });
const MODULE: Schema = schema({}, { source: 'literal', version: 'literal', providers: 'providers', depends_on: 'references' });
const PROVIDER: Schema = schema({ features: { schema: () => EXPRESSIONS } }, { alias: 'literal' });
const TERRAFORM: Schema = schema(
  { required_providers: { schema: () => LITERALS }, backend: { labels: 1, schema: () => LITERALS }, cloud: { schema: () => LITERALS }, provider_meta: { labels: 1, schema: () => LITERALS } },
  {},
  'literal',
);
const PROVISIONER: Schema = schema({ connection: { schema: () => EXPRESSIONS } });
const AZAPI_BLOCKS = new Set(['identity', 'timeouts']);

/** A `dynamic` block's body: its `content` is a block of the type it generates, in the body that holds it. */
export function dynamicSchema(holder: Schema, generated: string): Schema {
  return schema({ content: { schema: () => holder.block(generated)?.schema ?? EXPRESSIONS } }, { iterator: 'reference' });
}

/** The body of a resource or data source of `type`, or (with `table`) of one of its azurerm nested blocks. */
function resourceSchema(type: string, table?: ArgumentTable): Schema {
  const args = table ?? (type.startsWith('azurerm_') ? { ...AZURERM.common, ...(azurermMapping(type)?.arguments ?? {}) } : {});
  const top = !table;
  return {
    block(name) {
      if (name === 'dynamic') return { labels: 1, schema: EXPRESSIONS };
      if (top) {
        if (name === 'lifecycle') return { labels: 0, schema: LIFECYCLE };
        if (name === 'provisioner') return { labels: 1, schema: PROVISIONER };
        if (name === 'connection' || name === 'timeouts' || (type.startsWith('azapi_') && AZAPI_BLOCKS.has(name))) return { labels: 0, schema: EXPRESSIONS };
      }
      const spec = own(args, name);
      const nested = spec && specs(spec).find((s) => s.block)?.block;
      return nested ? { labels: 0, schema: resourceSchema(type, nested) } : undefined;
    },
    argument: (name) => (top && name === 'provider' ? 'reference' : top && name === 'depends_on' ? 'references' : 'expression'),
  };
}

/** The top-level block types, their labels and their bodies (by the resource type for `resource` and `data`). */
const TOP: Readonly<Record<string, { readonly labels: number; readonly schema: (labels: readonly string[]) => Schema }>> = {
  resource: { labels: 2, schema: ([type]) => resourceSchema(type) },
  data: { labels: 2, schema: ([type]) => resourceSchema(type) },
  ephemeral: { labels: 2, schema: ([type]) => resourceSchema(type) },
  module: { labels: 1, schema: () => MODULE },
  provider: { labels: 1, schema: () => PROVIDER },
  variable: { labels: 1, schema: () => VARIABLE },
  output: { labels: 1, schema: () => OUTPUT },
  check: { labels: 1, schema: () => schema({ assert: { schema: () => EXPRESSIONS } }) },
  locals: { labels: 0, schema: () => EXPRESSIONS },
  terraform: { labels: 0, schema: () => TERRAFORM },
};

/** A top-level block type: its number of labels and the schema of its body by its labels. */
export function topBlock(type: string): (typeof TOP)[string] {
  return own(TOP, type) ?? { labels: 0, schema: () => EXPRESSIONS };
}
