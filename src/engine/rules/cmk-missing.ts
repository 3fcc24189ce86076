import type { SettingAssignment, SettingSpelling, SettingValue } from '../model/change';
import type { Fix, RelatedLocation } from '../model/finding';
import type { Resource } from '../model/resource';
import type { Scalar } from '../model/value';
import { spanKey, type Span } from '../model/span';
import { describeResource, describeResources } from './describe';
import { placeKey } from './own-place';
import { evaluateRequirement, type GroupResult } from './encryption/cmk-check';
import { anyOf, compliantValue, failureText, judge, showScalar, spellFailure, type Condition, type Failure } from './encryption/conditions';
import { inputFor } from './encryption/inputs';
import { checkGate } from './encryption/relatives';
import { cmkRequirementsFor, settingRequirementsFor, typesOf, type CmkGroup, type CmkRequirement } from './encryption/requirements';
import type { EditFactory, Rule, RuleContext } from './rule';

/** Names a setting at an ARM path with a value there, and an ARM type, as some file writes them. */
interface Spell {
  setting(path: string, value?: Scalar): SettingSpelling;
  type(type: string): string;
}

/** "an azurerm_x", "a Microsoft.Sql/servers/encryptionProtector". */
function article(type: string): string {
  return `${/^[aeiou]/i.test(type) ? 'an' : 'a'} ${type}`;
}

function withArticle(type: string, what: string): string {
  return `${article(type)} with ${what}`;
}

/** What some conditions ask for, and which of the names the file has no way to write. */
interface Needs {
  readonly text: string;
  readonly unwritable: readonly { readonly says: string; readonly name: string }[];
}

/** What conditions ask for, as the file writes it: a name whose presence sets a value is not repeated beside its parts. */
function conditionsText(spell: Spell, conditions: readonly Condition[]): Needs {
  const texts = conditions.map((c) => {
    const value = compliantValue(c);
    const s = spell.setting(c.path, value);
    const plain = c.op === 'references_type' ? `${s.name} naming ${article(spell.type(String(c.value)))}` : s.name;
    const text = s.presence ? s.name : value !== undefined ? `${s.name} = ${showScalar(s.value ?? value)}` : plain;
    return { text, s };
  });
  const named = [...new Set(texts.map((t) => t.text))];
  const present = new Set(texts.filter((t) => t.s.presence).map((t) => t.text));
  const shown = named.filter((t) => !(present.has(t) && named.some((n) => n.startsWith(`${t}.`))));
  const unwritable = texts.flatMap(({ s }) => (s.unwritable ? [{ says: s.unwritable, name: s.name }] : []));
  // What one separate resource holds is said once: "an azurerm_kusto_cluster_customer_managed_key with key_name, …".
  const type = texts[0]?.s.type;
  const prefix = `${type}.`;
  if (type && shown.length > 1 && shown.every((t) => t.startsWith(prefix))) return { text: withArticle(type, shown.map((t) => t.slice(prefix.length)).join(', ')), unwritable };
  return { text: shown.join(', '), unwritable };
}

function groupText(resource: Resource, edits: EditFactory, g: CmkGroup): Needs {
  const type = (t: string) => edits.spellType(resource, t);
  const own = g.conditions.length ? [conditionsText({ setting: (p, v) => edits.spell(resource, p, v), type }, g.conditions)] : [];
  if (g.child) {
    const child = g.child.type;
    let named: string | undefined;
    const setting = (p: string, v?: Scalar) => {
      const s = edits.spell(resource, p, v, child);
      named ??= s.type;
      return s;
    };
    const needs = conditionsText({ setting, type }, g.child.conditions);
    own.push({ ...needs, text: withArticle(named ?? child, needs.text) });
  }
  return { text: own.map((n) => n.text).join(', '), unwritable: own.flatMap((n) => n.unwritable) };
}

/**
 * What a requirement asks for, in the message, named as the resource's file writes it; of a single alternative,
 * only the conditions that fail, where others are met. Alternatives the file has no way to write are left out
 * where another one remains, and otherwise said to be out of reach.
 */
function needsText(ctx: RuleContext, req: CmkRequirement, all: readonly Missing[]): string {
  const resource = all[0].resource;
  const [only] = req.anyOf;
  // Of the instances of one declaration, what any of them lacks.
  const fails = only.conditions.map((_, i) => all.some((m) => m.results[0].own[i].failures.length));
  const spellings = ctx.edits.spellings(resource);
  let byRequirement = NEEDS.get(spellings);
  if (!byRequirement) NEEDS.set(spellings, (byRequirement = new Map()));
  let texts = byRequirement.get(req);
  if (!texts) byRequirement.set(req, (texts = new Map()));
  const key = fails.map(Number).join('');
  let text = texts.get(key);
  if (text === undefined) texts.set(key, (text = wordNeeds(ctx, resource, req, only.conditions.filter((_, i) => fails[i]))));
  return text;
}

/**
 * What requirements ask for, by the spellings they were worded with and the conditions that fail: an edit in a large
 * Terraform module words the findings of every resource again, and resources of one type mostly lack the same.
 */
const NEEDS = new WeakMap<object, Map<CmkRequirement, Map<string, string>>>();

function wordNeeds(ctx: RuleContext, resource: Resource, req: CmkRequirement, failing: readonly Condition[]): string {
  const [only] = req.anyOf;
  const groups = req.anyOf.length === 1 && !only.child && failing.length < only.conditions.length ? [{ ...only, conditions: failing }] : req.anyOf;
  const needs = groups.map((g) => groupText(resource, ctx.edits, g));
  const writable = needs.filter((n) => !n.unwritable.length);
  const shown = writable.length ? writable : needs;
  const text = shown.map((n) => n.text).join(', or ');
  const lacking = shown.flatMap((n) => n.unwritable);
  if (!lacking.length) return text;
  const says = [...new Set(lacking.map((l) => l.says))];
  const names = [...new Set(lacking.map((l) => l.name))];
  // "it" where the one thing needed is out of reach; the names where some of what is needed is not.
  const what = shown.length === 1 && names.length === 1 && shown[0].text === names[0] ? 'it' : names.join(', ');
  return `${text}; ${says.join(', ')} ${what}`;
}

/**
 * The value the fix writes for a condition: the one it names — of several allowed, the one that also turns on
 * the type's double encryption when the two share a property, as a disk's `encryption.type` does — or a new
 * input for what only the user knows.
 */
function valueFor(resource: Resource, c: Condition): SettingValue {
  const allowed = Array.isArray(c.value) ? c.value : [];
  const double = settingRequirementsFor(resource.type, 'infrastructure-encryption').find((r) => r.condition.path === c.path && allowed.includes(r.fix));
  const value = double?.fix ?? compliantValue(c);
  return value !== undefined ? { kind: 'scalar', value } : { kind: 'input', input: inputFor(c.path) };
}

/** The fix: write the first alternative the resource can hold by itself, with inputs for what only the user knows. */
function fixFor(ctx: RuleContext, resource: Resource, req: CmkRequirement, results: readonly GroupResult[]): Fix[] {
  const chosen = results.find((r) => !r.group.child);
  if (!chosen) return [];
  const failing = chosen.group.conditions.filter((_, i) => chosen.own[i].failures.length);
  const also = (req.fixAlso ?? []).filter((c) => judge(resource, c).failures.length);
  const set: SettingAssignment[] = [...failing, ...also].map((c) => ({ path: c.path, value: valueFor(resource, c) }));
  if (!set.length) return [];
  const edits = ctx.edits.configure(resource, { purpose: 'customer-managed-key', set });
  if (!edits) return [];
  // The resource is named: the fix may declare inputs at the top of the file, which moves the other findings. Each
  // format names the inputs its own way (one Terraform key ID stands for a vault URI and a key name).
  const inputs = set.some((a) => a.value.kind === 'input');
  const title = `Encrypt ${describeResource(resource)} with a customer-managed key${inputs ? ', the key given as new inputs' : ''}`;
  return [{ title, edits, preferred: true }];
}

/** Where the failures are written, when the template writes them (a wrong key source, an empty key name). */
function relatedFor(ctx: RuleContext, resource: Resource, results: readonly GroupResult[]): RelatedLocation[] {
  // Most resources leave the key out altogether: nothing written to point at.
  if (!resource.via.length && results.every((r) => r.own.every((o) => o.failures.every((f) => f.kind === 'absent')))) return [];
  const out: RelatedLocation[] = [];
  const seen = new Set<string>([spanKey(resource.declaration)]);
  for (const r of results) {
    r.group.conditions.forEach((c, i) => {
      for (const f of r.own[i].failures) {
        if (f.kind !== 'value' || seen.has(spanKey(f.possibility.origin))) continue;
        seen.add(spanKey(f.possibility.origin));
        out.push({ span: f.possibility.origin, message: `${failureText(ctx.edits.spell, resource, c.path, f)} here` });
      }
    });
  }
  for (const call of resource.via) out.push({ span: call, message: `${describeResource(resource)} is deployed through this module or nested deployment` });
  return out;
}

/** A SKU (or cluster) the service offers no customer-managed key on, reported where the SKU is written. */
function reportOutside(ctx: RuleContext, resource: Resource, outside: readonly Failure[], needs: string, path: string): void {
  const byAnchor = new Map<string, { span: Span; failures: Failure[] }>();
  for (const f of outside) {
    const span = f.kind === 'absent' ? resource.declaration : f.possibility.origin;
    const entry = byAnchor.get(spanKey(span)) ?? { span, failures: [] };
    entry.failures.push(f);
    byAnchor.set(spanKey(span), entry);
  }
  for (const { span, failures } of byAnchor.values()) {
    const spelled = failures.map((f) => spellFailure(ctx.edits.spell, resource, path, f));
    const written = [...new Set(spelled.map((s) => s.value))].join(', ');
    ctx.report({
      span,
      message: `${describeResource(resource)}: ${spelled[0].name} is ${written}, which cannot encrypt data with a customer-managed key; the service offers it only with ${needs}.`,
      related: span === resource.declaration ? [] : [{ span: resource.declaration, message: `${describeResource(resource)} uses this SKU` }],
      resources: [resource.key],
    });
  }
}

/** A resource without the key a requirement asks for. */
interface Missing {
  readonly resource: Resource;
  readonly results: readonly GroupResult[];
}

/** The results of a requirement the resource fails, or undefined when it may have its key (or cannot have one). */
function missing(ctx: RuleContext, resource: Resource, req: CmkRequirement): Missing | undefined {
  if (req.gate) {
    const gate = checkGate(resource, req.gate);
    if (req.gate.needs) reportOutside(ctx, resource, gate.outside, req.gate.needs, req.gate.anyOf[0][0].path);
    if (!gate.mayPass) return undefined;
  }
  const results = evaluateRequirement(resource, req, ctx.index);
  return anyOf(results.map((r) => r.verdict)) === 'fails' ? { resource, results } : undefined;
}

/**
 * One finding per declaration and requirement: the instances of one declaration (a module used twice, a loop)
 * share the anchor and the fix, and the message counts them. It names only what is missing where one alternative
 * is partly met (a Databricks workspace with some of its keys).
 */
function report(ctx: RuleContext, req: CmkRequirement, all: readonly Missing[]): void {
  const { resource, results } = all[0];
  ctx.report({
    span: resource.declaration,
    message: `${describeResources(all.map((m) => m.resource))}: data at rest is not encrypted with a customer-managed key (needs ${needsText(ctx, req, all)}).`,
    related: all.flatMap((m) => relatedFor(ctx, m.resource, m.results)),
    fixes: () => fixFor(ctx, resource, req, results),
    resources: all.map((m) => m.resource.key),
  });
}

export const cmkMissing: Rule = {
  meta: {
    id: 'cmk-missing',
    title: 'No customer-managed key',
    defaultSeverity: 'warning',
    description: 'A resource stores data that it could encrypt with a customer-managed key, and no customer-managed key is configured.',
    help: [
      'Microsoft-managed keys leave the keys to technical data with Microsoft. With a customer-managed key held in a FIPS 140 validated HSM (a Premium key vault with RSA-HSM keys, or a managed HSM), the program controls access to the data, can revoke it, and meets the end-to-end encryption condition of the ITAR carve-out (22 CFR 120.54(a)(5)).',
      'How a resource takes its key differs by service: `properties.encryption` with a key vault URI and key name (Storage, Service Bus, Event Hubs, Cognitive Services, NetApp, Automation), a key identifier (Cosmos DB, SQL `keyId`, Container Registry, App Configuration, Batch, Recovery Services and Backup vaults), a disk encryption set (managed disks, virtual machines, scale sets, AKS, gallery image versions), an `encryptionProtector` child with `serverKeyType: AzureKeyVault` (SQL server and managed instance), a link to a dedicated cluster (Log Analytics workspaces), or in Terraform a `customer_managed_key` block or a separate `azurerm_*_customer_managed_key` resource. Some services offer a key only on some SKUs (Service Bus and Event Hubs Premium, Container Registry Premium, Databricks premium, App Configuration standard, AI Search from Basic) or kinds (Cognitive Services): a resource on a SKU without one is reported at the SKU. Services that offer no customer-managed key are not reported.',
      'A value the files cannot determine (a key URI from a parameter without a default) is not reported. The quick fix writes the key configuration with new inputs (parameters or variables) for the key vault URI, key name or key ID; grant the resource\'s identity `get`, `wrapKey` and `unwrapKey` on the key (Key Vault Crypto Service Encryption User).',
    ].join('\n\n'),
    policies: [
      '6fac406b-40ca-413b-bf8e-0bf964659c25',
      'b5ec538c-daa0-4006-8596-35468b9148e8',
      '0a370ff3-6cab-4e85-8995-295fd854c5b8',
      '5105a3c5-4ad7-44fd-be94-149ca62920b7',
      'ac01ad65-10e5-46df-bdd9-6b0cad13e1d2',
      '1f905d99-2ab7-462c-a6b0-f709acca6c8f',
      '702dd420-7fcc-42c5-afe8-4026edd20fe0',
      '59953f11-df7f-48b1-870f-1780ed07348e',
      '7d7be79c-23ba-4033-84dd-45e2a5ccdd67',
      'dbbdc317-9734-4dd8-9074-993b29c69008',
      '295fc8b1-dc9f-4f53-9c61-3f313ceab40a',
      '9c376cb6-0545-4233-a22c-074540d4d935',
      'a1ad735a-e96f-45d2-a7b2-9a4932cab7ec',
      '5b9159ae-1701-4a6f-9a7a-aa9c8ddd0580',
      '7f40cee6-e933-4d0f-a782-b96615e0f4a6',
      '67121cc7-ff39-4ab8-b7e3-95b84dab487d',
      '4ec52d6d-beb7-40c4-9a9e-fe753254690e',
      '1f68a601-6e6d-4e42-babf-3f643a047ea2',
      '12c74c95-0efd-48da-b8d9-2a7d68470c92',
      'f7d52b2d-e161-4dfa-a82b-55e564167385',
      '2cc2c3b5-c2f8-45aa-a9e6-f90d85ae8352',
      '2e94d99a-8a36-4563-bc77-810d8893b671',
      'd6588149-9f06-462c-a076-56aece45b5ba',
      '967a4b4b-2da9-43c1-b7d0-f98d0d74d0b1',
      '09aa11bb-87ec-409f-bf0b-49b7c1561a87',
      '0aa61e00-0a01-4a3c-9945-e93cffedf0e6',
      '64d314f6-6062-4780-a861-c23e8951bee5',
      '81e74cea-30fd-40d5-802f-d72103c2aaaa',
      '87ba29ef-1ab3-4d82-b763-87fcd4f531f7',
      '99e9ccd8-3db9-4592-b0d1-14b1715a4d8a',
      '56a5ee18-2ae6-4810-86f7-18e39ce5629b',
      '76a56461-9dc0-40f0-82f5-2453283afa2f',
      '7698f4ed-80ce-4e13-b408-ee135fa400a5',
      '65c4f833-1f2e-426c-8780-f6d7593bed7a',
      '051cba44-2429-45b9-9649-46cec11c7119',
      '14961b63-a1eb-4378-8725-7e84ca8db0e6',
      'c42dee8c-0202-4a12-bd8e-3e171cbf64dd',
      'f15f4d95-c59c-4395-9317-be6978d0743f',
    ],
    resourceTypes: typesOf('cmk-missing'),
    fixable: true,
    examples: {
      bad: {
        bicep: "resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'itardata'\n  location: 'usgovvirginia'\n  sku: { name: 'Standard_LRS' }\n  kind: 'StorageV2'\n  properties: {\n    minimumTlsVersion: 'TLS1_2'\n  }\n}",
        arm: '{\n  "type": "Microsoft.DocumentDB/databaseAccounts",\n  "apiVersion": "2024-05-15",\n  "name": "itar-cosmos",\n  "location": "usgovvirginia",\n  "properties": {\n    "databaseAccountOfferType": "Standard",\n    "locations": [ { "locationName": "usgovvirginia" } ],\n    "minimalTlsVersion": "Tls12"\n  }\n}',
        terraform: 'resource "azurerm_storage_account" "data" {\n  name                     = "itardata"\n  resource_group_name      = "itar"\n  location                 = "usgovvirginia"\n  account_tier             = "Standard"\n  account_replication_type = "LRS"\n}',
      },
      good: {
        bicep: "param cmkKeyVaultUri string\nparam cmkKeyName string\n\nresource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'itardata'\n  location: 'usgovvirginia'\n  sku: { name: 'Standard_LRS' }\n  kind: 'StorageV2'\n  identity: { type: 'UserAssigned', userAssignedIdentities: { '${uami.id}': {} } }\n  properties: {\n    minimumTlsVersion: 'TLS1_2'\n    encryption: {\n      keySource: 'Microsoft.Keyvault'\n      identity: { userAssignedIdentity: uami.id }\n      keyvaultproperties: { keyvaulturi: cmkKeyVaultUri, keyname: cmkKeyName }\n    }\n  }\n}",
        arm: '{\n  "type": "Microsoft.DocumentDB/databaseAccounts",\n  "apiVersion": "2024-05-15",\n  "name": "itar-cosmos",\n  "location": "usgovvirginia",\n  "properties": {\n    "databaseAccountOfferType": "Standard",\n    "locations": [ { "locationName": "usgovvirginia" } ],\n    "minimalTlsVersion": "Tls12",\n    "keyVaultKeyUri": "[parameters(\'cmkKeyUri\')]"\n  }\n}',
        terraform: 'resource "azurerm_storage_account" "data" {\n  name                     = "itardata"\n  resource_group_name      = "itar"\n  location                 = "usgovvirginia"\n  account_tier             = "Standard"\n  account_replication_type = "LRS"\n\n  identity {\n    type         = "UserAssigned"\n    identity_ids = [azurerm_user_assigned_identity.cmk.id]\n  }\n\n  customer_managed_key {\n    key_vault_key_id          = azurerm_key_vault_key.cmk.versionless_id\n    user_assigned_identity_id = azurerm_user_assigned_identity.cmk.id\n  }\n}',
      },
    },
  },
  check(ctx) {
    const byDeclaration = new Map<string, { req: CmkRequirement; all: Missing[] }>();
    for (const resource of ctx.resources) {
      if (resource.existing) continue;
      cmkRequirementsFor(resource.type).forEach((req, i) => {
        const found = missing(ctx, resource, req);
        if (!found) return;
        const key = `${placeKey(resource.declaration, resource)}|${resource.type.toLowerCase()}|${i}`;
        const entry = byDeclaration.get(key);
        if (entry) entry.all.push(found);
        else byDeclaration.set(key, { req, all: [found] });
      });
    }
    for (const { req, all } of byDeclaration.values()) report(ctx, req, all);
  },
};
