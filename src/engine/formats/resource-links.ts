/**
 * Which references between resources the adapters record as links: those to a key vault or managed HSM, a key
 * or a disk encryption set, which rules follow from a customer-managed key to the place that holds it; and those to
 * what replication copies data to (a SQL server or managed instance, a storage account), which tell a partner that
 * the files deploy from one they do not.
 */
import type { ResourceLinkKind } from '../model/resource';

const KINDS: Readonly<Record<string, ResourceLinkKind>> = {
  'microsoft.keyvault/vaults': 'vault',
  'microsoft.keyvault/managedhsms': 'vault',
  'microsoft.keyvault/vaults/keys': 'key',
  'microsoft.keyvault/managedhsms/keys': 'key',
  'microsoft.compute/diskencryptionsets': 'disk-encryption-set',
  'microsoft.sql/servers': 'replication-partner',
  'microsoft.sql/managedinstances': 'replication-partner',
  'microsoft.storage/storageaccounts': 'replication-partner',
};

/** The link a reference to a resource of this ARM type makes, or undefined when rules do not follow it. */
export function linkKind(type: string): ResourceLinkKind | undefined {
  return KINDS[type.toLowerCase()];
}
