/**
 * Terraform (azurerm and azapi) in the workspace: `.tf` and `.tf.json` files, `.tfvars` and `.tfvars.json` files and
 * `.terraform.lock.hcl`, grouped into one unit per root module folder.
 *
 * The grammar is WebAssembly, which loads asynchronously: `init()` loads it once, and the workspace awaits it
 * (`Workspace.ready()`) before it parses anything. Parsing itself is synchronous.
 */
import type { SourceText } from '../../model/span';
import type { FormatAdapter, ParsedDocument } from '../../workspace/document';
import { configureTerraformResource } from './configure';
import { parseJsonc } from '../arm/jsonc';
import { isConfigurationJson, isTerraformDocument, isTfvarsJson, terraformKind, type TerraformDocument } from './document';
import { loadTerraformGrammar } from './grammar';
import { parseJsonConfiguration } from './json-syntax';
import { parseHcl } from './parse';
import { restrictVariable } from './restrict';
import { spellTerraformSetting, spellTerraformType, terraformSpellings } from './spelling';
import { terraformUnits } from './units';

export const terraformAdapter: FormatAdapter = {
  format: 'terraform',
  // Terraform's JSON syntax allows no comments, so a finding there cannot be suppressed in place.
  lineComment: (doc) => (isTerraformDocument(doc) && doc.jsonSyntax ? undefined : '#'),
  strings: { quote: '"', interpolation: true },

  async init() {
    await loadTerraformGrammar();
  },

  accepts(path) {
    return terraformKind(path) !== undefined;
  },

  parse(source: SourceText): TerraformDocument | undefined {
    const kind = terraformKind(source.uri);
    if (!kind) return undefined;
    if (isTfvarsJson(source.uri)) {
      const json = parseJsonc(source);
      const notObject = json.root && json.root.type !== 'object' ? [{ message: 'JSON: a variable file is an object of variable values', span: source.span(json.root.offset, json.root.offset + 1) }] : [];
      return { uri: source.uri, source, format: 'terraform', kind, problems: [...json.problems, ...notObject], items: [], json: json.root, jsonSyntax: true };
    }
    if (isConfigurationJson(source.uri)) {
      const parsed = parseJsonConfiguration(source);
      return { uri: source.uri, source, format: 'terraform', kind, problems: parsed.problems, items: parsed.items, jsonSyntax: true };
    }
    const parsed = parseHcl(source);
    return { uri: source.uri, source, format: 'terraform', kind, problems: parsed.problems, items: parsed.items };
  },

  units: terraformUnits,

  restrictInput(doc: ParsedDocument, input, values) {
    return isTerraformDocument(doc) && !doc.jsonSyntax ? restrictVariable(doc, input, values) : undefined;
  },

  configure(doc, resource, change, files) {
    // Where the file does not parse, the tree's shape is a guess: an insertion could land in the wrong block.
    if (!isTerraformDocument(doc) || doc.kind !== 'tf' || doc.jsonSyntax || doc.problems.length) return undefined;
    return configureTerraformResource(doc, resource, change, files);
  },

  spell(doc, resource, path, value, child, files) {
    return isTerraformDocument(doc) && doc.kind === 'tf' ? spellTerraformSetting(doc, resource, path, value, child, files) : undefined;
  },

  spellType(doc, resource, type, files) {
    return isTerraformDocument(doc) && doc.kind === 'tf' ? spellTerraformType(doc, resource, type, files) : undefined;
  },

  spellings(doc, resource, files) {
    return isTerraformDocument(doc) && doc.kind === 'tf' ? terraformSpellings(doc, resource, files) : undefined;
  },
};
