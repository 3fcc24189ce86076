/**
 * What the encryption rules demand of each ARM type, derived from `data/cmk.json`.
 *
 * Most of it is read straight from the data: an entry's `cmk.compliant_when_all` / `compliant_when_any` (the
 * customer-managed key), `infrastructure_encryption.compliant_when_all`, `in_transit.compliant_when_all` (TLS
 * floor or unencrypted transport, told apart by the property's name) and, for key stores,
 * `cmk.key_store_requirements`. Paths of the form `<ARM type> <path>` are conditions on a related resource of
 * that type; `configurations['x'].…` is the child resource named `x`; `a.b.x|y` stands for `a.b.x` and `a.b.y`.
 * Where the data states a fact in prose (a SKU prerequisite, a service default, a child resource's path), the
 * tables below write it as a condition, keyed by the entry id the fact comes from.
 */
import type { Scalar } from '../../model/value';
import { demandsCmk, KB_ENTRIES, type KbCondition, type KbEntry } from './catalog';
import { compliantValue, isOp, type Condition } from './conditions';

/** Conditions of which one group must hold; optionally only for the child resource of this name. */
export interface Gate {
  readonly anyOf: readonly (readonly Condition[])[];
  /** The last segment of the resource's name, compared case-insensitively (server parameters by name). */
  readonly name?: string;
}

export interface CmkGate extends Gate {
  /** Set when a resource the gate excludes is itself reported: what the service needs, for the message. */
  readonly needs?: string;
}

export interface CmkGroup {
  readonly conditions: readonly Condition[];
  /** Conditions one child resource of this type must meet (SQL's `encryptionProtector`). */
  readonly child?: { readonly type: string; readonly conditions: readonly Condition[] };
}

export interface CmkRequirement {
  /** The `data/cmk.json` entry. */
  readonly source: string;
  readonly type: string;
  /** Alternatives: the key is configured when one group holds. */
  readonly anyOf: readonly CmkGroup[];
  readonly gate?: CmkGate;
  /** Settings a fix writes beside those the conditions check, because the service needs them together. */
  readonly fixAlso?: readonly Condition[];
}

export type SettingRuleId = 'infrastructure-encryption' | 'tls-version' | 'https-only' | 'key-vault-protection' | 'key-not-hsm';

export interface SettingRequirement {
  readonly source: string;
  readonly rule: SettingRuleId;
  readonly type: string;
  readonly condition: Condition;
  /** The resource is judged only when the gate holds (a SKU with the feature, an SMB volume, a named parameter). */
  readonly gate?: Gate;
  /** The layer is a second encryption with the customer-managed key: judged only when the resource may have one. */
  readonly withCmk?: boolean;
  /** The value a fix writes. */
  readonly fix: Exclude<Scalar, null>;
  /** A better value for a given current one (lower-cased), e.g. key type `EC` → `EC-HSM`. */
  readonly fixFor?: Readonly<Record<string, Exclude<Scalar, null>>>;
}

// ---------------------------------------------------------------------------------------------------------------
// Curation: facts the data gives in prose, each keyed by its entry.

const sku = (...names: string[]): Condition => ({ path: 'sku.name', op: 'in_ci', value: names });

/** SKU and kind prerequisites of a customer-managed key. */
const CMK_GATES: Readonly<Record<string, CmkGate>> = {
  // prerequisites: "Premium SKU only - 'cannot be enabled for standard tier'"
  KB14: { anyOf: [[sku('Premium')]], needs: "SKU 'Premium'" },
  // linter_should_require_cmk: "only when sku Premium or namespace in a Dedicated cluster (clusterArmId)"
  KB15: { anyOf: [[sku('Premium')], [{ path: 'properties.clusterArmId', op: 'non_empty' }]], needs: "SKU 'Premium' or a Dedicated cluster" },
  // linter_should_require_cmk: "only when sku Premium"
  KB16: { anyOf: [[sku('Premium')]], needs: "SKU 'Premium'" },
  // linter_guidance: "Azure Policy (V2) ... skips kind 'project' (AI Foundry projects inherit from the hub)": built-in
  // 7f40cee6 v1.0.0 (Azure/azure-policy "Machine Learning/Workspace_CMKEnabled_Audit_V2.json") judges only workspaces
  // whose kind is not 'project', compared as policy compares, without case. A workspace without a kind is judged.
  KB17: { anyOf: [[{ path: 'kind', op: 'not_in_ci', value: ['project'] }]] },
  // prerequisites: "Not every kind supports CMK - Azure Policy has an excludedKinds parameter"; the kinds are that
  // parameter's default in Azure/azure-policy "Cognitive Services/CustomerManagedKey_Audit.json" v2.2.0 (67121cc7).
  KB18: {
    anyOf: [
      [
        {
          path: 'kind',
          op: 'not_in_ci',
          value: [
            'CognitiveServices', 'ContentSafety', 'ImmersiveReader', 'HealthInsights', 'LUIS.Authoring', 'LUIS', 'QnAMaker', 'QnAMaker.V2', 'AIServices',
            'MetricsAdvisor', 'SpeechTranslation', 'Internal.AllInOne', 'ConversationalLanguageUnderstanding', 'knowledge', 'TranscriptionIntelligence',
            'HealthDecisionSupport',
          ],
        },
      ],
    ],
  },
  // linter_should_require_cmk: "only when sku premium"
  KB25: { anyOf: [[sku('premium')]], needs: "SKU 'premium'" },
  // linter_should_require_cmk: "only when sku standard/premium"
  KB28: { anyOf: [[sku('standard', 'premium')]], needs: "SKU 'standard' or 'premium'" },
  // linter_guidance: "sku 'free' cannot use CMK"
  KB34: { anyOf: [[{ path: 'sku.name', op: 'not_in_ci', value: ['free'] }]], needs: 'a billable SKU (Basic or above)' },
};

/** Condition paths the data writes in prose, and what they mean. */
const CMK_PATHS: Readonly<Record<string, Readonly<Record<string, { child?: string; type?: string; path: string }>>>> = {
  KB03: {
    "child Microsoft.Sql/servers/encryptionProtector (name 'current') properties.serverKeyType": { child: 'Microsoft.Sql/servers/encryptionProtector', path: 'properties.serverKeyType' },
    'encryptionProtector properties.serverKeyName': { child: 'Microsoft.Sql/servers/encryptionProtector', path: 'properties.serverKeyName' },
  },
  KB04: {
    "child managedInstances/encryptionProtector 'current' properties.serverKeyType": { child: 'Microsoft.Sql/managedInstances/encryptionProtector', path: 'properties.serverKeyType' },
    'encryptionProtector properties.serverKeyName': { child: 'Microsoft.Sql/managedInstances/encryptionProtector', path: 'properties.serverKeyName' },
  },
  // mechanism "account-level key + per-volume opt-in": the volume conditions are the volumes' own.
  KB37: {
    'volumes: properties.encryptionKeySource': { type: 'Microsoft.NetApp/netAppAccounts/capacityPools/volumes', path: 'properties.encryptionKeySource' },
    'volumes: properties.keyVaultPrivateEndpointResourceId': { type: 'Microsoft.NetApp/netAppAccounts/capacityPools/volumes', path: 'properties.keyVaultPrivateEndpointResourceId' },
  },
};

/**
 * Types whose bodies are the entry's own, so that every requirement of the entry's type and of its children holds
 * for them too. KB39's condition note: "same path for …/workspaces/dicomservices". KB31's service is "App Service
 * / Function App (and Microsoft.Web/sites/slots)": a slot's `properties` are the site's SiteProperties and its
 * `config` 'web' child the site's SiteConfig (Azure/bicep-types-az generated/web/microsoft.web/2025-03-01/types.md,
 * Microsoft.Web/sites/slots and Microsoft.Web/sites/slots/config).
 */
const SAME_AS: Readonly<Record<string, readonly string[]>> = {
  KB31: ['Microsoft.Web/sites/slots'],
  KB39: ['Microsoft.HealthcareApis/workspaces/dicomservices'],
};

/** How a missing property of a CMK condition reads, when the service fills it in. */
const CMK_ABSENT: Readonly<Record<string, Readonly<Record<string, Condition['absent']>>>> = {
  // A disk that names a disk encryption set and no encryption type takes the set's: Azure's own example creates
  // one that way (azure-rest-api-specs DiskRP stable/2023-04-02 examples/diskExamples/
  // Disk_Create_WithDiskEncryptionSet.json), and azurerm always does (managed_disk_resource.go copies the set's
  // encryptionType; the entry's terraform.cmk: disk_encryption_set_id "set"). The other condition still asks for the set.
  KB05: { 'properties.encryption.type': 'compliant' },
};

/** Settings a CMK fix must write together with the checked ones. */
const CMK_FIX_ALSO: Readonly<Record<string, readonly Condition[]>> = {
  // KB25 condition note: the DBFS root key "needs properties.parameters.prepareEncryption.value == true; value
  // fields KeyName, keyvaulturi, keyversion".
  KB25: [
    { path: 'properties.parameters.prepareEncryption.value', op: 'is_true' },
    { path: 'properties.parameters.encryption.value.KeyName', op: 'non_empty' },
    { path: 'properties.parameters.encryption.value.keyvaulturi', op: 'non_empty' },
    { path: 'properties.parameters.encryption.value.keyversion', op: 'non_empty' },
  ],
};

interface SettingCuration {
  readonly type?: string;
  readonly path?: string;
  readonly absent?: Condition['absent'];
  readonly gate?: Gate;
  readonly withCmk?: boolean;
  readonly fix?: Exclude<Scalar, null>;
}

/** Readings of transit, infrastructure and key-store conditions, keyed by entry and the data's path. */
const SETTING_CURATION: Readonly<Record<string, Readonly<Record<string, SettingCuration>>>> = {
  // default_if_absent: "supportsHttpsTrafficOnly defaults true (api >= 2019-04-01)"
  KB01: { 'properties.supportsHttpsTrafficOnly': { absent: { compliantFromApiVersion: '2019-04-01' } } },
  // note: "requires a DES with encryptionType EncryptionAtRestWithPlatformAndCustomerKeys". A disk that leaves
  // the type out takes its set's (see CMK_ABSENT), and the set is judged itself.
  KB05: { 'properties.encryption.type': { withCmk: true, absent: 'compliant' } },
  // default_if_absent: "service default Tls12 => absence compliant" (TLS 1.0 and 1.1 retired on 31 August 2025)
  KB10: { 'properties.minimalTlsVersion': { absent: 'compliant' } },
  // key_store_requirements: softDeleteRetentionInDays is a range the service validates, not a protection.
  // enableSoftDelete: "defaults to true when unset" — from api-version 2019-09-01 on; earlier versions leave it off
  // (Azure/bicep-types-az generated/keyvault/microsoft.keyvault/2019-09-01/types.md, from azure-rest-api-specs).
  KB12: { 'properties.enableSoftDelete': { absent: { compliantFromApiVersion: '2019-09-01' } } },
  // Purge protection defaults to true for a managed HSM (azure-rest-api-specs keyvault stable/2023-07-01
  // managedHsm.json, ManagedHsmProperties.enablePurgeProtection "default": true).
  KB13: { 'properties.enablePurgeProtection': { absent: 'compliant' } },
  // default_if_absent: "secure transport is ON by default; TLS 1.2 minimum by default (docs) - absence is compliant"
  KB22: {
    "configurations['require_secure_transport'].properties.value": { absent: 'compliant' },
    "configurations['ssl_min_protocol_version'].properties.value": { absent: 'compliant' },
  },
  KB23: {
    "configurations['require_secure_transport'].properties.value": { absent: 'compliant' },
    // note: "value is a list such as 'TLSv1.2' or 'TLSv1.2,TLSv1.3'"
    "configurations['tls_version'].properties.value": { absent: 'compliant', fix: 'TLSv1.2' },
  },
  // The child's property sits under `properties` (Azure/bicep-types-az generated/synapse/microsoft.synapse/2021-06-01/types.md).
  KB24: { 'Microsoft.Synapse/workspaces/dedicatedSQLminimalTlsSettings minimalTlsVersion': { path: 'properties.minimalTlsVersion' } },
  // condition note: "default Encrypted"
  KB29: { 'Microsoft.Cache/redisEnterprise/databases properties.clientProtocol': { absent: 'compliant' } },
  // default_if_absent: "minTlsVersion: platform default 1.2 for new apps"; the data gives no default for
  // ftpsState, so only a written value is judged.
  KB31: {
    'properties.siteConfig.minTlsVersion': { absent: 'compliant' },
    'properties.siteConfig.scmMinTlsVersion': { absent: 'compliant' },
    'properties.siteConfig.ftpsState': { absent: 'compliant' },
  },
  // note: "SMB/dual-protocol volumes (Azure Policy)"
  KB37: {
    'volumes: properties.smbEncryption': {
      type: 'Microsoft.NetApp/netAppAccounts/capacityPools/volumes',
      path: 'properties.smbEncryption',
      gate: { anyOf: [[{ path: 'properties.protocolTypes[*]', op: 'some_equals_ci', value: 'CIFS' }]] },
    },
  },
  // "For all the settings except Http2 the default value is `True` if the service was created on or before April
  // 1, 2018 and `False` otherwise" (Azure/bicep-types-az apimanagement 2024-05-01, customProperties).
  KB46: Object.fromEntries(
    ['Protocols.Tls10', 'Protocols.Tls11', 'Backend.Protocols.Tls10', 'Backend.Protocols.Tls11'].map((k) => [
      `properties.customProperties['Microsoft.WindowsAzure.ApiManagement.Gateway.Security.${k}']`,
      { absent: 'compliant' as const },
    ]),
  ),
  // Azure Policy 0e80e269 "Container Apps should only be accessible over HTTPS" flags only allowInsecure == true.
  KB47: { 'Microsoft.App/containerApps properties.configuration.ingress.allowInsecure': { absent: 'compliant' } },
};

/** Conditions of the data that no rule reads, and why. */
const SETTING_SKIPPED: Readonly<Record<string, readonly string[]>> = {
  // A retention range the service validates; an out-of-range value fails deployment.
  KB12: ['properties.softDeleteRetentionInDays'],
  // The same; and every Managed HSM SKU is an HSM.
  KB13: ['properties.softDeleteRetentionInDays', 'sku.name'],
};

/** Settings the data states outside condition objects. */
const SETTING_EXTRA: readonly SettingRequirement[] = [
  // KB12 keys: "properties.kty 'RSA-HSM'|'EC-HSM' (HSM-backed) vs 'RSA'|'EC' (software)". Managed HSM keys (KB13)
  // are always HSM-backed.
  {
    source: 'KB12',
    rule: 'key-not-hsm',
    type: 'Microsoft.KeyVault/vaults/keys',
    condition: { path: 'properties.kty', op: 'in', value: ['RSA-HSM', 'EC-HSM'] },
    fix: 'RSA-HSM',
    fixFor: { ec: 'EC-HSM' },
  },
  // KB31 condition note: "or child Microsoft.Web/sites/config name 'web' properties.minTlsVersion (Azure Policy
  // checks config/web)". The site's own defaults apply to the child.
  ...['minTlsVersion', 'scmMinTlsVersion'].map(
    (p): SettingRequirement => ({
      source: 'KB31',
      rule: 'tls-version',
      type: 'Microsoft.Web/sites/config',
      gate: { anyOf: [[]], name: 'web' },
      condition: { path: `properties.${p}`, op: 'in', value: ['1.2', '1.3'], absent: 'compliant' },
      fix: '1.2',
    }),
  ),
  {
    source: 'KB31',
    rule: 'https-only',
    type: 'Microsoft.Web/sites/config',
    gate: { anyOf: [[]], name: 'web' },
    condition: { path: 'properties.ftpsState', op: 'in', value: ['FtpsOnly', 'Disabled'], absent: 'compliant' },
    fix: 'FtpsOnly',
  },
];

/** Which key-store requirement belongs to which rule (KB12, KB13). */
const KEY_STORE_RULES: Readonly<Record<string, SettingRuleId>> = {
  'properties.sku.name': 'key-not-hsm',
  'properties.enablePurgeProtection': 'key-vault-protection',
  'properties.enableSoftDelete': 'key-vault-protection',
};

// ---------------------------------------------------------------------------------------------------------------
// Reading the data.

/** Conditions the tables could not read; a test keeps this empty. */
export const UNREAD: { readonly source: string; readonly path: string }[] = [];

const RELATED = /^(Microsoft\.[A-Za-z0-9.]+\/[A-Za-z0-9/]+) (.+)$/;
const NAMED_CHILD = /^([A-Za-z]\w*)\['([^']+)'\]\.(.+)$/;
const ALTERNATIVES = /^(.*\.)(\w+(?:\|\w+)+)$/;
const PLAIN = /^[A-Za-z]\w*(?:\[\*\]|\['[^']+'\])*(?:\.[A-Za-z]\w*(?:\[\*\]|\['[^']+'\])*)*$/;

function condition(source: string, c: KbCondition, path: string, absent?: Condition['absent']): Condition | undefined {
  if (!isOp(c.op) || !PLAIN.test(path)) {
    UNREAD.push({ source, path: c.path });
    return undefined;
  }
  const value = c.value as Scalar | readonly Scalar[] | undefined;
  return { path, op: c.op, ...(value !== undefined ? { value } : {}), ...(absent ? { absent } : {}) };
}

/** Where a data condition applies: the entry's own type, a related type, or a child resource by name. */
interface Placed {
  readonly type: string;
  readonly path: string;
  readonly childName?: string;
}

function place(entry: KbEntry, path: string): Placed {
  const related = RELATED.exec(path);
  if (related) return { type: related[1], path: related[2] };
  const named = NAMED_CHILD.exec(path);
  if (named) return { type: `${entry.arm_type}/${named[1]}`, path: named[3], childName: named[2] };
  return { type: entry.arm_type, path };
}

function expand(path: string): string[] {
  const m = ALTERNATIVES.exec(path);
  return m ? m[2].split('|').map((leaf) => m[1] + leaf) : [path];
}

function cmkGroup(entry: KbEntry, conds: readonly KbCondition[], byType: Map<string, Condition[]>): CmkGroup | undefined {
  const own: Condition[] = [];
  let child: { type: string; conditions: Condition[] } | undefined;
  for (const c of conds) {
    for (const path of expand(c.path)) {
      const curated = CMK_PATHS[entry.id]?.[c.path];
      const placed: Placed = curated ? { type: curated.child ?? curated.type ?? entry.arm_type, path: curated.path } : place(entry, path);
      const cond = condition(entry.id, c, placed.path, CMK_ABSENT[entry.id]?.[c.path]);
      if (!cond) continue;
      const isChild = curated?.child !== undefined || (!curated && placed.type !== entry.arm_type && placed.type.startsWith(`${entry.arm_type}/`));
      if (isChild) {
        child ??= { type: placed.type, conditions: [] };
        child.conditions.push(cond);
      } else if (placed.type !== entry.arm_type) {
        byType.set(placed.type, [...(byType.get(placed.type) ?? []), cond]);
      } else own.push(cond);
    }
  }
  if (!own.length && !child) return undefined;
  return child ? { conditions: own, child } : { conditions: own };
}

function cmkRequirements(): CmkRequirement[] {
  const out: CmkRequirement[] = [];
  for (const entry of KB_ENTRIES) {
    if (!demandsCmk(entry)) continue;
    const groups = entry.cmk.compliant_when_any ?? (entry.cmk.compliant_when_all ? [entry.cmk.compliant_when_all] : []);
    const others = new Map<string, Condition[]>();
    const anyOf = groups.map((g) => cmkGroup(entry, g, others)).filter((g): g is CmkGroup => !!g);
    const gate = CMK_GATES[entry.id];
    const fixAlso = CMK_FIX_ALSO[entry.id];
    const base = { source: entry.id, ...(gate ? { gate } : {}), ...(fixAlso ? { fixAlso } : {}) };
    out.push({ ...base, type: entry.arm_type, anyOf });
    for (const [type, conditions] of others) out.push({ source: entry.id, type, anyOf: [{ conditions }] });
    for (const [label, conds] of Object.entries(entry.cmk.variants ?? {})) {
      const type = label.split(' ')[0];
      const conditions = conds.filter((c) => c.op !== 'optional').map((c) => condition(entry.id, c, c.path)).filter((c): c is Condition => !!c);
      out.push({ source: entry.id, type, anyOf: [{ conditions }] });
    }
  }
  return withSameAs(out);
}

/** Transport conditions on a TLS version are `tls-version`; the rest (plain HTTP, unencrypted protocols) `https-only`. */
function transitRule(path: string): SettingRuleId {
  return /tls|ssl_min_protocol/i.test(path) ? 'tls-version' : 'https-only';
}

function settingRequirements(): SettingRequirement[] {
  const out: SettingRequirement[] = [];
  const add = (entry: KbEntry, c: KbCondition, rule: SettingRuleId, gate: Gate | undefined) => {
    if (SETTING_SKIPPED[entry.id]?.includes(c.path)) return;
    const cur = SETTING_CURATION[entry.id]?.[c.path];
    const data = place(entry, c.path);
    const placed: Placed = { ...data, type: cur?.type ?? data.type, path: cur?.path ?? data.path };
    const cond = condition(entry.id, c, placed.path, cur?.absent);
    const fix = cur?.fix ?? (cond && compliantValue(cond));
    if (!cond || fix === undefined) {
      if (cond) UNREAD.push({ source: entry.id, path: c.path });
      return;
    }
    const named: Gate | undefined = placed.childName ? { anyOf: [[]], name: placed.childName } : undefined;
    const g = cur?.gate ?? named ?? (placed.type === entry.arm_type ? gate : undefined);
    out.push({
      source: entry.id,
      rule,
      type: placed.type,
      condition: cond,
      fix,
      ...(g ? { gate: g } : {}),
      ...(cur?.withCmk ? { withCmk: true } : {}),
    });
  };
  for (const entry of KB_ENTRIES) {
    // An extra layer on a SKU that has no customer-managed key is not available either ("yes (with CMK)").
    const gate = CMK_GATES[entry.id];
    for (const c of entry.infrastructure_encryption?.compliant_when_all ?? []) add(entry, c, 'infrastructure-encryption', gate);
    for (const c of entry.in_transit?.compliant_when_all ?? []) add(entry, c, transitRule(c.path), undefined);
    for (const c of entry.cmk.key_store_requirements ?? []) {
      const rule = KEY_STORE_RULES[c.path];
      if (rule) add(entry, c, rule, undefined);
      else if (!SETTING_SKIPPED[entry.id]?.includes(c.path)) UNREAD.push({ source: entry.id, path: c.path });
    }
  }
  return withSameAs([...out, ...SETTING_EXTRA]);
}

const ENTRY_TYPES = new Map(KB_ENTRIES.map((e) => [e.id, e.arm_type]));

/**
 * The requirements again for the types of `SAME_AS`: one of the entry's type for the type that shares it, one of
 * a child (`Microsoft.Web/sites/config`) for that type's child of the same name (`Microsoft.Web/sites/slots/config`).
 * A related resource's requirement stays its own, and so does the child type inside a CMK group (neither entry
 * of `SAME_AS` has one).
 */
function withSameAs<R extends { readonly source: string; readonly type: string }>(list: readonly R[]): R[] {
  return list.flatMap((r) => {
    const own = ENTRY_TYPES.get(r.source)!.toLowerCase();
    const type = r.type.toLowerCase();
    const suffix = type === own ? '' : type.startsWith(`${own}/`) ? r.type.slice(own.length) : undefined;
    return [r, ...(suffix === undefined ? [] : (SAME_AS[r.source] ?? []).map((alias) => ({ ...r, type: alias + suffix })))];
  });
}

export const CMK_REQUIREMENTS: readonly CmkRequirement[] = cmkRequirements();
export const SETTING_REQUIREMENTS: readonly SettingRequirement[] = settingRequirements();

function byType<T extends { type: string }>(list: readonly T[]): ReadonlyMap<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of list) map.set(r.type.toLowerCase(), [...(map.get(r.type.toLowerCase()) ?? []), r]);
  return map;
}

const CMK_BY_TYPE = byType(CMK_REQUIREMENTS);
const SETTINGS_BY_RULE = new Map([...new Set(SETTING_REQUIREMENTS.map((r) => r.rule))].map((rule) => [rule, byType(SETTING_REQUIREMENTS.filter((r) => r.rule === rule))]));

/** Looks a type up as written first: resources spell their types the same way, and lower-casing each costs. */
function lookup<T>(map: ReadonlyMap<string, T[]>): (type: string) => readonly T[] {
  const asWritten = new Map<string, readonly T[]>();
  return (type) => {
    let found = asWritten.get(type);
    if (!found) asWritten.set(type, (found = map.get(type.toLowerCase()) ?? []));
    return found;
  };
}

export const cmkRequirementsFor: (type: string) => readonly CmkRequirement[] = lookup(CMK_BY_TYPE);

const SETTING_LOOKUPS = new Map([...SETTINGS_BY_RULE].map(([rule, map]) => [rule, lookup(map)]));

export function settingRequirementsFor(type: string, rule: SettingRuleId): readonly SettingRequirement[] {
  return SETTING_LOOKUPS.get(rule)?.(type) ?? [];
}

/** The ARM types a rule looks at, for its metadata. */
export function typesOf(rule: SettingRuleId | 'cmk-missing'): string[] {
  const list = rule === 'cmk-missing' ? CMK_REQUIREMENTS : SETTING_REQUIREMENTS.filter((r) => r.rule === rule);
  return [...new Set(list.map((r) => r.type))].sort();
}

// ---------------------------------------------------------------------------------------------------------------
// Where a resource names its key: the key chain.

export interface KeyReferences {
  /** Paths of the resource body that hold a key URI, a vault URI or ID, a key name or a disk encryption set ID. */
  readonly paths: readonly string[];
  /** Child resources that hold them (SQL's server keys and encryption protector). */
  readonly children: readonly { readonly type: string; readonly paths: readonly string[] }[];
}

const REFERENCE_OPS = new Set(['non_empty', 'non_empty_for_each', 'exists']);

/** References the data names outside the conditions. */
const REFERENCE_EXTRA: Readonly<Record<string, KeyReferences>> = {
  // KB06 optional_paths: "properties.activeKey.sourceVault.id" (the vault of the set's key)
  'microsoft.compute/diskencryptionsets': { paths: ['properties.activeKey.sourceVault.id'], children: [] },
  // KB03 / KB04 child_resources: "…/keys: …, properties.uri (AKV key URI; required when AzureKeyVault)"
  'microsoft.sql/servers': { paths: [], children: [{ type: 'Microsoft.Sql/servers/keys', paths: ['properties.uri'] }] },
  'microsoft.sql/managedinstances': { paths: [], children: [{ type: 'Microsoft.Sql/managedInstances/keys', paths: ['properties.uri'] }] },
};

function referenceTable(): ReadonlyMap<string, KeyReferences> {
  const table = new Map<string, { paths: Set<string>; children: Map<string, Set<string>> }>();
  const at = (type: string) => {
    let t = table.get(type.toLowerCase());
    if (!t) table.set(type.toLowerCase(), (t = { paths: new Set(), children: new Map() }));
    return t;
  };
  const refs = (conds: readonly Condition[]) => conds.filter((c) => REFERENCE_OPS.has(c.op)).map((c) => c.path);
  for (const r of CMK_REQUIREMENTS) {
    for (const g of r.anyOf) {
      for (const p of refs(g.conditions)) at(r.type).paths.add(p);
      if (!g.child) continue;
      const set = at(r.type).children.get(g.child.type) ?? new Set<string>();
      for (const p of refs(g.child.conditions)) set.add(p);
      at(r.type).children.set(g.child.type, set);
    }
  }
  // A disk encryption set is the customer-managed key object itself ("is-cmk-object"): its conditions name the key.
  for (const entry of KB_ENTRIES.filter((e) => e.cmk_support_class === 'is-cmk-object')) {
    for (const c of entry.cmk.compliant_when_all ?? []) if (REFERENCE_OPS.has(c.op)) at(entry.arm_type).paths.add(c.path);
  }
  for (const [type, extra] of Object.entries(REFERENCE_EXTRA)) {
    for (const p of extra.paths) at(type).paths.add(p);
    for (const c of extra.children) at(type).children.set(c.type, new Set([...(at(type).children.get(c.type) ?? []), ...c.paths]));
  }
  return new Map(
    [...table].map(([type, t]) => [type, { paths: [...t.paths], children: [...t.children].map(([ct, ps]) => ({ type: ct, paths: [...ps] })) }]),
  );
}

const REFERENCES = referenceTable();

export function keyReferences(type: string): KeyReferences | undefined {
  return REFERENCES.get(type.toLowerCase());
}

/** Every type that may refer to a key, vault or disk encryption set. */
export function referringTypes(): string[] {
  return [...REFERENCES.keys()];
}
