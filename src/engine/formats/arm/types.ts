/**
 * The values an ARM parameter's type permits, as far as it lists them: its `allowedValues` (on an array, what each
 * element may be), and, in a languageVersion 2.0 type, the same inside the `items` of an array, the `properties`
 * of an object, the object types of a `discriminator`'s `mapping`, and a type reached through `$ref` to the
 * template's `definitions`. Bicep compiles its literal union types to these. Each entry is a possibility whose
 * origin is the entry, so a permitted value read from an element or a property (`parameters('regions')[copyIndex()]`,
 * `parameters('site').location`) is anchored there.
 */
import * as V from '../../model/value';
import { NamedTypes, permittedObject, type Permitted } from '../../eval/typed-values';
import type { TemplateScope } from './evaluator';
import { entries, prop, stringValue, type JsonNode } from './jsonc';

const definitions = new NamedTypes<TemplateScope, JsonNode>();

const REF = '#/definitions/';

/** The values a parameter's type permits, or undefined when it lists none; a `"nullable": true` type admits null too. */
export function permittedValues(scope: TemplateScope, schema: JsonNode): Permitted {
  const values = listedValues(scope, schema);
  const nullable = prop(schema, 'nullable');
  return values && nullable?.type === 'boolean' && nullable.value === true ? [...values, V.scalar(null, scope.span(nullable))] : values;
}

function listedValues(scope: TemplateScope, schema: JsonNode): Permitted {
  const ref = stringValue(prop(schema, '$ref'));
  if (ref !== undefined) return ref.startsWith(REF) ? definition(scope, ref.slice(REF.length)) : undefined;
  const type = stringValue(prop(schema, 'type'))?.toLowerCase();
  const list = prop(schema, 'allowedValues');
  if (list?.type === 'array' && list.children?.length) {
    const values = list.children.map((n) => scope.evaluate(n));
    // On an array, the list says what each element may be; how many there are is the deployer's choice.
    return type === 'array' ? [V.array([V.union(...values)], scope.span(list), true)] : values;
  }
  if (type === 'array') {
    const items = prop(schema, 'items');
    const values = items && permittedValues(scope, items);
    return values && [V.array([V.union(...values)], scope.span(items), true)];
  }
  if (type === 'object') {
    const mapping = prop(prop(schema, 'discriminator'), 'mapping');
    if (mapping) {
      const members = entries(mapping).flatMap(([, member]) => permittedValues(scope, member) ?? []);
      return members.length ? members : undefined;
    }
    return objectValues(scope, schema);
  }
  return undefined;
}

function objectValues(scope: TemplateScope, schema: JsonNode): Permitted {
  const props = entries(prop(schema, 'properties')).map(([key, property]) => ({ name: String(key.value), nameSpan: scope.span(key), values: permittedValues(scope, property) }));
  return permittedObject(props, scope.span(schema));
}

/** A type of the template's `definitions`, by name. */
function definition(scope: TemplateScope, name: string): Permitted {
  const schema = scope.definition(name);
  return schema && definitions.permitted(scope, schema, () => permittedValues(scope, schema));
}
