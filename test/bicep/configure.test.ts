/**
 * Format-neutral changes written into Bicep files: the exact text, in the file's layout; and links from a
 * resource to the key stores its body names by symbol.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ResourceChange } from '../../src/engine/model/change';
import type { Resource } from '../../src/engine/model/resource';
import { analyzeOne, configureIn, STORAGE_CMK as cmk, TLS_1_2 as tls, writeIn } from '../helpers/configure';

const URI = 'file:///virtual/main.bicep';

const analyze = (text: string) => analyzeOne(URI, text);
const bySymbol = (symbol: string) => (r: Resource) => r.symbolicName === symbol;
const configure = (text: string, change: ResourceChange, symbol = 'sa') => configureIn(URI, text, change, bySymbol(symbol));
const write = (text: string, change: ResourceChange, symbol = 'sa') => writeIn(URI, text, change, bySymbol(symbol));

const storage = (props: string) => `resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'a'\n  location: 'usgovvirginia'\n  properties: ${props}\n}\n`;

describe('Bicep configure', () => {
  test('a missing property goes on its own line after the last one, after a trailing comment, with CRLF and tabs kept', () => {
    const text = "resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {\r\n\tname: 'a'\r\n\tproperties: {\r\n\t\tsupportsHttpsTrafficOnly: true // on\r\n\t}\r\n}\r\n";
    assert.equal(write(text, tls), text.replace('true // on', "true // on\r\n\t\tminimumTlsVersion: 'TLS1_2'"));
  });

  test('an existing value is replaced; a one-line object gets the property inline; an empty one opens up', () => {
    assert.equal(write(storage("{ minimumTlsVersion: 'TLS1_0' }"), tls), storage("{ minimumTlsVersion: 'TLS1_2' }"));
    assert.equal(write(storage('{ allowBlobPublicAccess: false }'), tls), storage("{ allowBlobPublicAccess: false, minimumTlsVersion: 'TLS1_2' }"));
    assert.equal(write(storage('{}'), tls), storage("{\n    minimumTlsVersion: 'TLS1_2'\n  }"));
  });

  test('new inputs become described parameters after the last one, or before the first declaration', () => {
    const withParam = `param location string = 'usgovvirginia'\n\n${storage('{}')}`;
    assert.equal(
      write(withParam, cmk),
      `param location string = 'usgovvirginia'\n@description('The vault\\'s URI')\nparam cmkKeyVaultUri string\n@description('Key name')\nparam cmkKeyName string\n\n${storage("{\n    encryption: {\n      keySource: 'Microsoft.Keyvault'\n      keyvaultproperties: {\n        keyvaulturi: cmkKeyVaultUri\n        keyname: cmkKeyName\n      }\n    }\n  }")}`,
    );
    const out = write(`// Storage\n${storage('{}')}`, cmk);
    assert.ok(out.startsWith("// Storage\n@description('The vault\\'s URI')\nparam cmkKeyVaultUri string\n@description('Key name')\nparam cmkKeyName string\n\nresource sa"), out);
    assert.deepEqual(analyze(out).findings.filter((f) => f.ruleId === 'syntax-error'), []);
  });

  test('a parameter of the same name is reused; another symbol of that name is avoided', () => {
    assert.equal(write(`param cmkKeyVaultUri string\n${storage('{}')}`, cmk).match(/param cmkKeyVaultUri /g)?.length, 1);
    assert.match(write(`var cmkKeyVaultUri = 'x'\n${storage('{}')}`, cmk), /param cmkKeyVaultUri2 string[\s\S]*keyvaulturi: cmkKeyVaultUri2/);
  });

  test('a body built by an expression and a file that does not parse are left alone', () => {
    assert.equal(configure(`var props = {}\n${storage('props')}`, tls), undefined);
    assert.equal(configure(`${storage('{')}\nresource`, tls), undefined);
  });

  test('a resource names a vault or key by symbol: the key chain follows it', () => {
    const text = [
      "resource kv 'Microsoft.KeyVault/vaults@2024-11-01' = {",
      "  name: 'kv'",
      "  location: 'usgovvirginia'",
      "  properties: { tenantId: tenant().tenantId, sku: { family: 'A', name: 'standard' }, enablePurgeProtection: true }",
      '}',
      "resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {",
      "  name: 'a'",
      "  location: 'usgovvirginia'",
      "  properties: { minimumTlsVersion: 'TLS1_2', encryption: { keySource: 'Microsoft.Keyvault', requireInfrastructureEncryption: true, keyvaultproperties: { keyvaulturi: kv.properties.vaultUri, keyname: 'k' } } }",
      '}',
    ].join('\n');
    const result = analyze(text);
    const sa = result.resources.find((r) => r.symbolicName === 'sa')!;
    const kv = result.resources.find((r) => r.symbolicName === 'kv')!;
    assert.deepEqual(sa.links.map((l) => [l.kind, l.target]), [['vault', kv.key]]);
    const [finding] = result.findings.filter((f) => f.ruleId === 'key-not-hsm');
    assert.ok(finding.related.some((r) => r.span.start === sa.declaration.start));
  });
});
