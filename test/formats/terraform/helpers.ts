/**
 * Analyses in-memory Terraform files (and any other format's) as the CLI would, for the Terraform tests.
 */
import { ADAPTERS } from '../../../src/engine/formats';
import type { Finding } from '../../../src/engine/model/finding';
import type { Resource } from '../../../src/engine/model/resource';
import type { RegionPolicy } from '../../../src/engine/regions/profiles';
import { Workspace } from '../../../src/engine/workspace/workspace';

export const ROOT = 'file:///work/';

export async function workspaceWith(files: Record<string, string>): Promise<Workspace> {
  const ws = new Workspace(ADAPTERS);
  await ws.ready();
  for (const [name, text] of Object.entries(files)) ws.setText(ROOT + name, text);
  return ws;
}

export async function analyze(files: Record<string, string>, policy: RegionPolicy = { profile: 'us-only' }) {
  const ws = await workspaceWith(files);
  return ws.analyze({ policy });
}

/** The resource with this Terraform address (`type.name`, or `module.x.type.name`). */
export function resource(resources: readonly Resource[], address: string): Resource {
  const found = resources.find((r) => r.key.endsWith(`#${address}`) || r.key.endsWith(`|${address}`));
  if (!found) throw new Error(`no resource ${address} among ${resources.map((r) => r.key).join(', ')}`);
  return found;
}

/** `rule@line:character text` for each finding, to compare in one assertion. */
export function summary(findings: readonly Finding[], source: (uri: string) => string): string[] {
  return findings.map((f) => `${f.ruleId}@${f.span.uri.slice(ROOT.length)}:${f.span.startLine + 1}:${f.span.startCharacter + 1} ${source(f.span.uri).slice(f.span.start, f.span.end)}`);
}
