/**
 * The inputs a customer-managed-key fix declares for what only the user knows, named after the property they
 * fill. One name stands for the same thing across types (`cmkKeyVaultUri` is Storage's `keyvaulturi`, Data
 * Factory's `vaultBaseUrl` and HDInsight's `vaultUri`), so a template that configures several resources asks
 * for it once per file.
 */
import type { NewInput } from '../../model/change';

const INPUTS: readonly (readonly [RegExp, NewInput])[] = [
  [/(^|\.)(keyvaulturi|vaulturi|vaultbaseurl|keyvaulturl)$/i, { name: 'cmkKeyVaultUri', description: 'URI of the key vault or managed HSM that holds the customer-managed key, e.g. https://<name>.vault.azure.net/' }],
  [/(^|\.)(keyname|encryptionkeyname|key\.name)$/i, { name: 'cmkKeyName', description: 'Name of the customer-managed key (an RSA-HSM key in a Premium key vault or a managed HSM)' }],
  [/(^|\.)(keyversion|encryptionkeyversion)$/i, { name: 'cmkKeyVersion', description: 'Version of the customer-managed key' }],
  [/(^|\.)(keyid|keyuri|keyurl|keyidentifier|keyvaultkeyuri|keyencryptionkeyurl|primarykeyuri)$/i, { name: 'cmkKeyUri', description: 'Key identifier of the customer-managed key, e.g. https://<vault>.vault.azure.net/keys/<name>/<version>' }],
  [/(^|\.)(diskencryptionsetid|diskencryptionset\.id)$/i, { name: 'diskEncryptionSetId', description: 'Resource ID of the disk encryption set that holds the customer-managed key' }],
  [/(^|\.)(userassignedidentityresourceid|primaryuserassignedidentityid|msiresourceid)$/i, { name: 'cmkIdentityId', description: 'Resource ID of the user-assigned identity that reads the customer-managed key' }],
  [/(^|\.)keyvaultproperties\.identity$/i, { name: 'cmkIdentityClientId', description: 'Client ID of the user-assigned identity that reads the customer-managed key' }],
  [/(^|\.)(keyvaultarmid|keyvaultresourceid)$/i, { name: 'cmkKeyVaultId', description: 'Resource ID of the key vault that holds the customer-managed key' }],
  [/(^|\.)keyvaultprivateendpointresourceid$/i, { name: 'keyVaultPrivateEndpointId', description: 'Resource ID of the private endpoint through which the volume reaches the key vault' }],
  [/(^|\.)clusterresourceid$/i, { name: 'logAnalyticsClusterId', description: 'Resource ID of the dedicated Log Analytics cluster that encrypts with the customer-managed key' }],
];

const cache = new Map<string, NewInput>();

/** The input that fills a property a customer-managed key needs. */
export function inputFor(path: string): NewInput {
  const known = INPUTS.find(([re]) => re.test(path.replace(/\[\*\]/g, '')));
  if (known) return known[1];
  const leaf = path.slice(path.lastIndexOf('.') + 1).replace(/\W/g, '');
  let input = cache.get(leaf);
  if (!input) {
    input = { name: `cmk${leaf.charAt(0).toUpperCase()}${leaf.slice(1)}`, description: `Value of ${path} for the customer-managed key` };
    cache.set(leaf, input);
  }
  return input;
}
