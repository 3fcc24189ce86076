/**
 * ARM parameter files (`deploymentParameters.json`) and how they pair with templates.
 */
import type { SourceText } from '../../model/span';
import * as V from '../../model/value';
import type { Value } from '../../model/value';
import { baseName, folderOf, resolveUri } from '../../workspace/uri';
import { inputFileValue } from '../json-values';
import { entries, prop, stringValue, type JsonNode } from './jsonc';

function isArmParameterFile(root: JsonNode | undefined): boolean {
  const schema = stringValue(prop(root, '$schema'));
  return !!schema && /deploymentParameters\.json/i.test(schema);
}

export function looksLikeArmParameterFile(text: string): boolean {
  return /"\$schema"\s*:\s*"[^"]*deploymentParameters\.json/i.test(text.slice(0, 4096));
}

/** A file named as parameter files are (`X.parameters.json`, `X.parameters.prod.json`, `parameters.json`). */
export function hasParameterFileName(uri: string): boolean {
  return /(?:^|\.)parameters(?:\.[^.]+)*\.jsonc?$/i.test(baseName(uri));
}

/**
 * The object of parameter entries: `parameters` of a deployment parameters file, or, in a file with a parameter
 * file's name but no `$schema` (which the Azure CLI and PowerShell accept), its `parameters` or the root itself when
 * every member is an entry (`{ "location": { "value": … } }`, which the Azure CLI also accepts). Undefined when the
 * file is none of these.
 */
export function parameterEntries(root: JsonNode | undefined, named: boolean): JsonNode | undefined {
  const inner = prop(root, 'parameters');
  if (isArmParameterFile(root)) return inner;
  if (!named || root?.type !== 'object') return undefined;
  const isEntries = (node: JsonNode | undefined) =>
    node?.type === 'object' && !!node.children?.length && entries(node).every(([, v]) => v.type === 'object' && (!!prop(v, 'value') || !!prop(v, 'reference')));
  return isEntries(inner) ? inner : isEntries(root) ? root : undefined;
}

/**
 * The values a parameter file gives, by lower-cased parameter name. Parameter files are plain JSON: a string
 * that starts with `[` is not an expression there. A Key Vault `reference` is a secret, not a known value.
 */
export function parameterFileValues(source: SourceText, root: JsonNode): Map<string, Value> {
  const out = new Map<string, Value>();
  for (const [k, entry] of entries(parameterEntries(root, hasParameterFileName(source.uri)))) {
    const valueNode = prop(entry, 'value');
    const name = String(k.value);
    const span = source.span(k.offset, k.offset + k.length);
    out.set(name.toLowerCase(), valueNode ? inputFileValue(source, valueNode) : V.unknown(`parameter '${name}' comes from a Key Vault reference`, span));
  }
  return out;
}

/** The template a parameter file names through `metadata.template`, if any (a path relative to the file). */
export function declaredTemplate(root: JsonNode | undefined): string | undefined {
  return stringValue(prop(prop(root, 'metadata'), 'template'));
}

/**
 * The template file names a parameter file pairs with by its own name, most specific first:
 * `X.parameters.json` and `X.parameters.<anything>.json` pair with `X.json`; `azuredeploy.parameters.json`
 * with `azuredeploy.json` (a case of the first rule). Bicep asks for `X.bicep`: `main.parameters.json` beside
 * `main.bicep` is how the Azure Developer CLI and `az deployment … --parameters` pair them. `parameters.json` pairs
 * with `template.json`, the two files the portal's "Export template" download holds.
 */
export function templateNamesFor(parameterFileName: string, extensions: readonly string[]): string[] {
  if (/^parameters\.jsonc?$/i.test(parameterFileName)) return extensions.map((ext) => `template.${ext}`);
  const m = /^(.*)\.parameters(?:\.[^.]+)*\.jsonc?$/i.exec(parameterFileName);
  return m ? extensions.map((ext) => `${m[1]}.${ext}`) : [];
}

/** Where a parameter file's template is: the file its `metadata.template` names, else those its name pairs with. */
export function templateUrisFor(p: { readonly uri: string; readonly root: JsonNode | undefined }, extensions: readonly string[]): string[] {
  const pointer = declaredTemplate(p.root);
  if (pointer) {
    const target = resolveUri(p.uri, pointer);
    return target ? [target] : [];
  }
  return templateNamesFor(baseName(p.uri), extensions).map((name) => `${folderOf(p.uri)}${name}`);
}

/**
 * Which parameter files belong to a template, by its URI: those whose `metadata.template` names it, else those
 * whose name pairs with the template's in the same folder (for templates with one of `extensions`), whatever the case.
 */
export function pairing<P extends { readonly uri: string; readonly root: JsonNode | undefined }>(parameterFiles: readonly P[], extensions: readonly string[]): (templateUri: string) => P[] {
  const byTemplate = new Map<string, P[]>();
  for (const p of parameterFiles) {
    for (const uri of templateUrisFor(p, extensions)) {
      const key = caseless(uri);
      byTemplate.set(key, [...(byTemplate.get(key) ?? []), p]);
    }
  }
  return (uri) => byTemplate.get(caseless(uri)) ?? [];
}

function caseless(uri: string): string {
  return `${folderOf(uri)}${baseName(uri).toLowerCase()}`;
}
