/**
 * What the units of a workspace keep from the analysis that evaluated and checked them (values and fixes computed
 * later) must not keep that analysis's view of every file. Editing the files of one unit after another, as someone
 * working through a repository does, leaves each unit last evaluated at a different analysis, and one unit untouched
 * since the first: the documents the edits replaced must be let go all the same, in every format, and the findings
 * stay those of a fresh analysis.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ADAPTERS } from '../../src/engine/formats';
import type { ParsedDocument } from '../../src/engine/workspace/document';
import { DEFAULT_POLICY } from '../../src/engine/regions/profiles';
import { HeldViews } from '../../src/engine/workspace/views';
import { Workspace } from '../../src/engine/workspace/workspace';
import { adaptersReady } from '../helpers/workspace';

const UNITS = 12;
const ARM_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const PARAMETERS_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#';

/** A unit's files, the one edited first: a root that reads its location from another file of the unit. */
type UnitFiles = (i: number, region: string) => readonly (readonly [string, string])[];

const UNIT_FILES: Record<string, UnitFiles> = {
  terraform: (i, region) => [
    [`file:///mem/tf/m${i}/main.tf`, `variable "location" {\n  default = "${region}"\n}\nvariable "tier" {}\nmodule "store" {\n  source   = "../store${i}"\n  location = var.location\n  tier     = var.tier\n}\n`],
    [`file:///mem/tf/m${i}/terraform.tfvars`, `tier = "Standard"\n`],
    [`file:///mem/tf/store${i}/main.tf`, `variable "location" {}\nvariable "tier" {}\nresource "azurerm_storage_account" "s" {\n  name                     = "sa${i}"\n  location                 = var.location\n  resource_group_name      = "rg"\n  account_tier             = var.tier\n  account_replication_type = "GRS"\n}\n`],
  ],
  bicep: (i, region) => [
    [`file:///mem/bicep/main${i}.bicep`, `param location string = '${region}'\nmodule store 'store${i}.bicep' = {\n  name: 'store${i}'\n  params: {\n    location: location\n  }\n}\n`],
    [`file:///mem/bicep/store${i}.bicep`, `param location string\nresource s 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'sa${i}'\n  location: location\n  kind: 'StorageV2'\n  sku: { name: 'Standard_GRS' }\n}\n`],
  ],
  arm: (i, region) => [
    [
      `file:///mem/arm/t${i}.json`,
      JSON.stringify(
        {
          $schema: ARM_SCHEMA,
          contentVersion: '1.0.0.0',
          parameters: { location: { type: 'string', defaultValue: region }, sku: { type: 'string' } },
          resources: [{ type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-05-01', name: `sa${i}`, location: "[parameters('location')]", kind: 'StorageV2', sku: { name: "[parameters('sku')]" } }],
        },
        null,
        2,
      ),
    ],
    [`file:///mem/arm/t${i}.parameters.json`, JSON.stringify({ $schema: PARAMETERS_SCHEMA, contentVersion: '1.0.0.0', parameters: { sku: { value: 'Standard_GRS' } } }, null, 2)],
  ],
};

/** Findings as a user sees them, fixes included: reading them is what the editor's engine thread does after each analysis. */
function seen(ws: Workspace): { documents: readonly ParsedDocument[]; findings: string[] } {
  const result = ws.analyze({ policy: DEFAULT_POLICY });
  return { documents: result.documents, findings: result.findings.map((f) => JSON.stringify([f.ruleId, f.span, f.message, f.fixes])) };
}

for (const [format, unitFiles] of Object.entries(UNIT_FILES)) {
  test(`${format}: editing one unit after another lets the documents the edits replaced go`, async () => {
    await adaptersReady();
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const ws = new Workspace(ADAPTERS);
    for (let i = 0; i < UNITS; i++) for (const [uri, text] of unitFiles(i, 'eastus')) ws.setText(uri, text);
    let { documents } = seen(ws);
    const replaced: WeakRef<ParsedDocument>[] = [];
    const edited = UNITS - 1;
    for (let i = 0; i < edited; i++) {
      const [[uri, text]] = unitFiles(i, 'eastasia');
      replaced.push(new WeakRef(documents.find((d) => d.uri === uri)!));
      ws.setText(uri, text);
      ({ documents } = seen(ws));
    }
    const fresh = new Workspace(ADAPTERS);
    for (let i = 0; i < UNITS; i++) {
      const [first, ...unchanged] = unitFiles(i, 'eastus');
      for (const [uri, text] of [i < edited ? unitFiles(i, 'eastasia')[0] : first, ...unchanged]) fresh.setText(uri, text);
    }
    assert.deepEqual(seen(ws).findings, seen(fresh).findings);
    assert.ok(seen(ws).findings.some((f) => f.includes('region-proscribed')), 'the edits put the units in a proscribed region');
    // A weak reference keeps its target until the job that made it ends.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    assert.equal(replaced.filter((d) => d.deref() !== undefined).length, 0, 'documents the edits replaced are still held');
  });
}

test('a view keeps each file for as long as one of the units holding it reads that file', () => {
  const trims: string[][] = [];
  const view = { trim: (keep: ReadonlyMap<string, number>) => void trims.push([...keep.keys()].sort()) };
  const views = new HeldViews<{ inputs: string[] }>();
  const a = { inputs: ['main', 'shared'] };
  const b = { inputs: ['other', 'shared'] };
  views.add(view);
  views.hold(a, [view]);
  views.hold(b, [view]);
  views.trim();
  views.release(a);
  views.trim();
  views.trim();
  views.hold(b, []);
  views.trim();
  assert.deepEqual(trims, [['main', 'other', 'shared'], ['other', 'shared'], []], 'trimmed when it lost a holder, not again without a change');
});
