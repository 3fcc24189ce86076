/**
 * ARM parameter files (`deploymentParameters.json`) and how they pair with templates.
 */
import type { SourceText, Span } from '../../model/span';
import * as V from '../../model/value';
import type { Value } from '../../model/value';
import { baseName, folderOf, resolveUri } from '../../workspace/uri';
import { entries, prop, stringValue, type JsonNode } from './jsonc';

export function isArmParameterFile(root: JsonNode | undefined): boolean {
  const schema = stringValue(prop(root, '$schema'));
  return !!schema && /deploymentParameters\.json/i.test(schema);
}

export function looksLikeArmParameterFile(text: string): boolean {
  return /"\$schema"\s*:\s*"[^"]*deploymentParameters\.json/i.test(text.slice(0, 4096));
}

/**
 * The values a parameter file gives, by lower-cased parameter name. Parameter files are plain JSON: a string
 * that starts with `[` is not an expression there. A Key Vault `reference` is a secret, not a known value.
 */
export function parameterFileValues(source: SourceText, root: JsonNode): Map<string, Value> {
  const out = new Map<string, Value>();
  for (const [k, entry] of entries(prop(root, 'parameters'))) {
    const valueNode = prop(entry, 'value');
    const name = String(k.value);
    const span = source.span(k.offset, k.offset + k.length);
    out.set(name.toLowerCase(), valueNode ? plainJson(source, valueNode) : V.unknown(`parameter '${name}' comes from a Key Vault reference`, span));
  }
  return out;
}

/** A JSON value with every scalar a replaceable literal. */
export function plainJson(source: SourceText, node: JsonNode): Value {
  const span = source.span(node.offset, node.offset + node.length);
  switch (node.type) {
    case 'string':
      return placeholder(String(node.value), span) ?? V.scalar(String(node.value), span, 'json');
    case 'number':
    case 'boolean':
    case 'null':
      return V.scalar(node.value ?? null, span, 'json');
    case 'array':
      return V.array((node.children ?? []).map((c) => plainJson(source, c)), span);
    case 'object':
      return V.object(
        entries(node).map(([k, v]) => ({ name: String(k.value), nameSpan: source.span(k.offset, k.offset + k.length), value: plainJson(source, v) })),
        span,
      );
    default:
      return V.unknown('not a JSON value', span);
  }
}

/**
 * `${NAME}` or `${NAME=default}`: the Azure Developer CLI fills it in from the azd environment when it provisions
 * (its environment-variables documentation), so it is no region name: unknown, or the default when the variable
 * is not set.
 */
function placeholder(text: string, span: Span): Value | undefined {
  const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?:=([^}]*))?\}$/.exec(text);
  if (!m) return undefined;
  const unknown = V.unknown(`'${text}' is filled in from the azd environment variable ${m[1]} when azd provisions`, span);
  return m[2] === undefined ? unknown : V.union(unknown, V.scalar(m[2], span));
}

/** The template a parameter file names through `metadata.template`, if any (a path relative to the file). */
export function declaredTemplate(root: JsonNode | undefined): string | undefined {
  return stringValue(prop(prop(root, 'metadata'), 'template'));
}

/**
 * The template file names a parameter file pairs with by its own name, most specific first:
 * `X.parameters.json` and `X.parameters.<anything>.json` pair with `X.json`; `azuredeploy.parameters.json`
 * with `azuredeploy.json` (a case of the first rule). Bicep asks for `X.bicep`: `main.parameters.json` beside
 * `main.bicep` is how the Azure Developer CLI and `az deployment … --parameters` pair them.
 */
export function templateNamesFor(parameterFileName: string, extensions: readonly string[]): string[] {
  const m = /^(.*)\.parameters(?:\.[^.]+)*\.jsonc?$/i.exec(parameterFileName);
  return m ? extensions.map((ext) => `${m[1]}.${ext}`) : [];
}

/**
 * Which parameter files belong to a template, by its URI: those whose `metadata.template` names it, else those
 * whose name pairs with the template's in the same folder (for templates with one of `extensions`).
 */
export function pairing<P extends { readonly uri: string; readonly root: JsonNode | undefined }>(parameterFiles: readonly P[], extensions: readonly string[]): (templateUri: string) => P[] {
  const byTemplate = new Map<string, P[]>();
  const add = (key: string, p: P) => {
    const list = byTemplate.get(key);
    if (list) list.push(p);
    else byTemplate.set(key, [p]);
  };
  for (const p of parameterFiles) {
    const pointer = declaredTemplate(p.root);
    if (pointer) {
      const target = resolveUri(p.uri, pointer);
      if (target) add(target, p);
    } else {
      for (const name of templateNamesFor(baseName(p.uri), extensions)) add(`${folderOf(p.uri)}${name.toLowerCase()}`, p);
    }
  }
  return (uri) => [...new Set([...(byTemplate.get(uri) ?? []), ...(byTemplate.get(`${folderOf(uri)}${baseName(uri).toLowerCase()}`) ?? [])])];
}
