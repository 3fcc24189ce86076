/**
 * Analyses in-memory Terraform files as the CLI would, for the Terraform tests.
 */
import { ADAPTERS } from '../../../src/engine/formats';
import type { Resource } from '../../../src/engine/model/resource';
import type { RegionPolicy } from '../../../src/engine/regions/profiles';
import { Workspace } from '../../../src/engine/workspace/workspace';
import { adaptersReady, analyzeTexts } from '../../helpers/workspace';

/** Where {@link analyzeTexts} places the files. */
export const ROOT = 'file:///virtual/';

export async function workspaceWith(files: Record<string, string>): Promise<Workspace> {
  await adaptersReady();
  const ws = new Workspace(ADAPTERS);
  for (const [name, text] of Object.entries(files)) ws.setText(ROOT + name, text);
  return ws;
}

export async function analyze(files: Record<string, string>, policy: RegionPolicy = { profile: 'us-only' }) {
  await adaptersReady();
  return analyzeTexts(files, policy);
}

/** The resource with this Terraform address (`type.name`, or `module.x.type.name`). */
export function resource(resources: readonly Resource[], address: string): Resource {
  const found = resources.find((r) => r.key.endsWith(`#${address}`) || r.key.endsWith(`|${address}`));
  if (!found) throw new Error(`no resource ${address} among ${resources.map((r) => r.key).join(', ')}`);
  return found;
}
