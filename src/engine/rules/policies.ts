/**
 * The Azure Policy built-in definitions rules mirror, from `data/policies.json` (read from Azure/azure-policy;
 * see `data/README.md`). Policy ids are compared as opaque strings, case-insensitively, as that file advises.
 */
import policyData from '../../../data/policies.json';

export interface PolicyInfo {
  readonly id: string;
  readonly displayName: string;
  readonly version: string;
  readonly type: string;
}

const BY_ID = new Map<string, PolicyInfo>(
  policyData.policies.map((p) => [p.name_guid.toLowerCase(), { id: p.name_guid, displayName: p.displayName, version: p.version, type: p.type }]),
);

/** The built-in definition with this id, or undefined when the data does not list it. */
export function policyInfo(id: string): PolicyInfo | undefined {
  return BY_ID.get(id.toLowerCase());
}
