/**
 * Writes a format-neutral change into one resource of an in-memory file through its format's adapter, as the
 * rules' fixes do, for tests of each adapter's side of `configure`. Call `adaptersReady()` once before.
 */
import assert from 'node:assert/strict';
import { ADAPTERS } from '../../src/engine/formats';
import type { NewInput, ResourceChange } from '../../src/engine/model/change';
import type { TextEdit } from '../../src/engine/model/finding';
import type { Resource } from '../../src/engine/model/resource';
import { DEFAULT_POLICY } from '../../src/engine/regions/profiles';
import { Workspace, type AnalysisResult } from '../../src/engine/workspace/workspace';
import { applyEdits } from './edits';

export function analyzeOne(uri: string, text: string): AnalysisResult {
  const ws = new Workspace(ADAPTERS);
  ws.setText(uri, text);
  return ws.analyze({ policy: DEFAULT_POLICY });
}

/** The edits for a change to the resource `pick` selects, or undefined when the adapter declines. */
export function configureIn(uri: string, text: string, change: ResourceChange, pick: (r: Resource) => boolean): TextEdit[] | undefined {
  const result = analyzeOne(uri, text);
  const resource = result.resources.find(pick);
  assert.ok(resource, 'no such resource');
  const doc = result.documents.find((d) => d.uri === uri)!;
  const files = { get: (u: string) => result.documents.find((d) => d.uri === u), all: () => result.documents };
  return ADAPTERS.find((a) => a.format === doc.format)!.configure!(doc, resource, change, files);
}

/** The text after the change, which the adapter must accept. */
export function writeIn(uri: string, text: string, change: ResourceChange, pick: (r: Resource) => boolean): string {
  const edits = configureIn(uri, text, change, pick);
  assert.ok(edits, 'the change can be written');
  return applyEdits(text, edits);
}

export const TLS_1_2: ResourceChange = { purpose: 'tls-version', set: [{ path: 'properties.minimumTlsVersion', value: { kind: 'scalar', value: 'TLS1_2' } }] };
export const KEY_VAULT_URI: NewInput = { name: 'cmkKeyVaultUri', description: "The vault's URI" };
export const KEY_NAME: NewInput = { name: 'cmkKeyName', description: 'Key name' };
/** A storage account's customer-managed key, with two new inputs. */
export const STORAGE_CMK: ResourceChange = {
  purpose: 'customer-managed-key',
  set: [
    { path: 'properties.encryption.keySource', value: { kind: 'scalar', value: 'Microsoft.Keyvault' } },
    { path: 'properties.encryption.keyvaultproperties.keyvaulturi', value: { kind: 'input', input: KEY_VAULT_URI } },
    { path: 'properties.encryption.keyvaultproperties.keyname', value: { kind: 'input', input: KEY_NAME } },
  ],
};
