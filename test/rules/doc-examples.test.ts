/**
 * The examples on each rule's documentation page say what they claim: every "Reported" snippet gives the rule's
 * finding and no "Not reported" snippet does (suppressed findings count as not reported). A snippet shows the part
 * that matters — a parameter, a resource, a fragment of an ARM template — so it is completed the way a reader
 * would complete it: into a template, with a resource that uses the parameter it declares.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { RuleExamples } from '../../src/engine/rules/rule';
import { RULES } from '../../src/engine/rules/registry';
import { adaptersReady, analyzeTexts } from '../helpers/workspace';

type Format = keyof RuleExamples;

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

/** Top-level members of an ARM template a snippet may start with (anything else is a parameter declaration). */
const TEMPLATE_MEMBERS = new Set(['parameters', 'variables', 'resources', 'outputs']);

/** A resource that only has a location, placed in the region a parameter or variable names. */
function consumer(format: Format, name: string): string {
  if (format === 'bicep') return `\nresource vnet 'Microsoft.Network/virtualNetworks@2023-05-01' = {\n  name: 'itar'\n  location: ${name}\n}\n`;
  if (format === 'terraform') return `\nresource "azurerm_resource_group" "itar" {\n  name     = "itar"\n  location = var.${name}\n}\n`;
  return `{ "type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-05-01", "name": "itar", "location": "[parameters('${name}')]" }`;
}

function complete(format: Format, snippet: string): string {
  const code = snippet.trim();
  if (format === 'arm') {
    if (code.startsWith('{')) return `{ "$schema": "${SCHEMA}", "contentVersion": "1.0.0.0", "resources": [${code}] }`;
    const parameter = /^"(\w+)"\s*:\s*\{/.exec(code);
    if (parameter && !TEMPLATE_MEMBERS.has(parameter[1])) return `{ "$schema": "${SCHEMA}", "contentVersion": "1.0.0.0", "parameters": { ${code} }, "resources": [${consumer(format, parameter[1])}] }`;
    // Members of a template (parameters, resources) or a line comment: the snippet is the template's inside.
    return `{\n"$schema": "${SCHEMA}",\n"contentVersion": "1.0.0.0",\n${code}${code.includes('"resources"') ? '' : ',\n"resources": []'}\n}`;
  }
  if (/^resource\s/m.test(code)) return code;
  const input = (format === 'bicep' ? /^param (\w+)/m : /^variable "(\w+)"/m).exec(code);
  return input ? code + consumer(format, input[1]) : code;
}

const FILE: Record<Format, string> = { bicep: 'main.bicep', arm: 'main.json', terraform: 'main.tf' };

before(adaptersReady);

for (const { meta } of RULES) {
  if (!meta.examples) continue;
  describe(`documentation examples of ${meta.id}`, () => {
    for (const kind of ['bad', 'good'] as const) {
      for (const format of ['bicep', 'arm', 'terraform'] as const) {
        const snippet = meta.examples![kind][format];
        if (!snippet) continue;
        test(`${kind === 'bad' ? 'reported' : 'not reported'}: ${format}`, () => {
          const text = complete(format, snippet);
          const result = analyzeTexts({ [FILE[format]]: text });
          const reported = result.findings.filter((f) => f.ruleId === meta.id && !f.suppression);
          const syntax = result.findings.filter((f) => f.ruleId === 'syntax-error');
          assert.deepEqual(syntax.map((f) => f.message), [], `the example parses:\n${text}`);
          if (kind === 'bad') assert.ok(reported.length > 0, `no ${meta.id} finding on:\n${text}`);
          else assert.deepEqual(reported.map((f) => f.message), [], `a ${meta.id} finding on:\n${text}`);
        });
      }
    }
  });
}
