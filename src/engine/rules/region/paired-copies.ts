/**
 * Where a service keeps a copy of a resource's data in the paired region of its location (DESIGN, region semantics 1:
 * geo-redundant storage "and the like"): settings that keep one (a geo-redundant storage SKU, geo-redundant database
 * and backup storage) or whose default does, and services that copy every resource of a type there (Key Vault). Each
 * fact's source is named at its entry and in `data/README.md`.
 */
import { setByDefault, type Resource } from '../../model/resource';
import * as V from '../../model/value';
import type { ScalarPossibility, Value } from '../../model/value';

/** A setting that keeps a copy in the paired region. */
export interface PairedCopySetting {
  /** The ARM path of the setting. */
  readonly path: string;
  /** Each value (lower case) that keeps a copy in the paired region, with the value that keeps every copy in the primary region. */
  readonly geo: Readonly<Record<string, string>>;
  /**
   * The service's value where the files write none of the type's settings, when that value keeps a copy there. An
   * azurerm resource's is the provider's default, which the adapter writes where the provider sends one.
   */
  readonly absent?: string;
  /** A child type that may write the setting instead (a vault's `backupstorageconfig`): where one is deployed, no default is assumed. */
  readonly childSetting?: string;
  /** The API version from which the resource takes the setting (older ones show it read-only): no fix writes it before. */
  readonly writableSince?: string;
  /** Only resources of API versions before this one write the setting at this path. */
  readonly before?: string;
  /** Another setting whose value, where it is one of these (lower case), leaves this one out of use. */
  readonly unless?: { readonly path: string; readonly values: readonly string[] };
  /** What else the fix sets with it, where the service takes the setting only beside them. */
  readonly with?: Readonly<Record<string, string>>;
}

/** A service that copies every resource of a type to the paired region, whatever the files say. */
export interface PairedCopyService {
  /** What the service does, for messages. */
  readonly always: string;
  /** Regions whose resources the service does not copy to their pair (regions without a pair have nothing to copy to). */
  readonly except: readonly string[];
}

export type PairedCopyRule = PairedCopySetting | PairedCopyService;

/** Geo-redundant storage SKUs and the SKU that keeps the same redundancy within the region (Azure Storage redundancy documentation). */
const STORAGE_SKUS = { standard_grs: 'Standard_LRS', standard_ragrs: 'Standard_LRS', standard_gzrs: 'Standard_ZRS', standard_ragzrs: 'Standard_ZRS' };

/** Geo-redundant database backups: "the backup data is also copied to the Azure paired region". */
const GEO_BACKUP = { enabled: 'Disabled' };

/** SQL backup storage redundancy (azure-rest-api-specs sql stable/2021-11-01/Databases.json, `BackupStorageRedundancy`). */
const SQL_BACKUP_REDUNDANCY = { geo: 'Local', geozone: 'Zone' };

/**
 * Azure Backup's storage redundancy: "GRS replicates your backup data to a secondary region", the geo-redundant
 * storage of Azure Storage, whose secondary is the paired region (MicrosoftDocs/azure-docs
 * articles/reliability/reliability-backup.md), where Cross Region Restore restores ("a secondary, Azure paired region",
 * articles/backup/backup-create-recovery-services-vault.md). Values as Azure/bicep-types-az
 * generated/recoveryservices/microsoft.recoveryservices/2018-12-20/types.md lists them (`BackupResourceConfig`).
 */
const BACKUP_REDUNDANCY = { georedundant: 'LocallyRedundant', readaccessgeozoneredundant: 'ZoneRedundant' };

/** By ARM type (lower case). */
const RULES: Readonly<Record<string, readonly PairedCopyRule[]>> = {
  'microsoft.storage/storageaccounts': [
    { path: 'sku.name', geo: STORAGE_SKUS },
    // Before `sku` (API version 2016-01-01) the SKU was `properties.accountType`, with the same values (azure-rest-api-specs
    // storage stable/2015-06-15/storage.json, enum `AccountType`; Azure/bicep-types-az has it in 2015-05-01-preview and
    // 2015-06-15, and `sku` instead from 2016-01-01).
    { path: 'properties.accountType', geo: STORAGE_SKUS, before: '2016-01-01' },
  ],
  // `properties.backup.geoRedundantBackup`, Disabled by default (azure-rest-api-specs postgresql stable/2021-06-01/postgresql.json,
  // `Backup`; mysql FlexibleServers/stable/2021-05-01/mysql.json, `Backup`); geo-redundant backups are "replicated to a
  // geo-paired region" (MicrosoftDocs/azure-databases-docs articles/{postgresql,mysql}/flexible-server/concepts-backup-restore.md).
  'microsoft.dbforpostgresql/flexibleservers': [{ path: 'properties.backup.geoRedundantBackup', geo: GEO_BACKUP }],
  'microsoft.dbformysql/flexibleservers': [{ path: 'properties.backup.geoRedundantBackup', geo: GEO_BACKUP }],
  // Single servers: `properties.storageProfile.geoRedundantBackup` (azure-rest-api-specs postgresql stable/2017-12-01/postgresql.json,
  // `StorageProfile`), whose backups are then "replicated to a paired data center" (hashicorp/terraform-provider-azurerm
  // v3.117.1 website/docs/r/postgresql_server.html.markdown and mysql_server.html.markdown).
  'microsoft.dbforpostgresql/servers': [{ path: 'properties.storageProfile.geoRedundantBackup', geo: GEO_BACKUP }],
  'microsoft.dbformysql/servers': [{ path: 'properties.storageProfile.geoRedundantBackup', geo: GEO_BACKUP }],
  // "By default, Azure SQL Database stores data in geo-redundant storage blobs that are replicated to a paired region"
  // (MicrosoftDocs/sql-docs azure-sql/database/automated-backups-overview.md), and Azure SQL Managed Instance likewise
  // (azure-sql/managed-instance/automated-backups-overview.md). Managed instances of older API versions wrote the
  // redundancy as `properties.storageAccountType` (GRS, LRS, ZRS), as azurerm 3.x sends it.
  'microsoft.sql/servers/databases': [{ path: 'properties.requestedBackupStorageRedundancy', geo: SQL_BACKUP_REDUNDANCY, absent: 'Geo' }],
  'microsoft.sql/managedinstances': [
    { path: 'properties.requestedBackupStorageRedundancy', geo: SQL_BACKUP_REDUNDANCY, absent: 'Geo' },
    { path: 'properties.storageAccountType', geo: { grs: 'LRS' } },
  ],
  // "By default, Azure Cosmos DB stores periodic mode backup data in geo-redundant Azure Blob Storage. The blob storage
  // is then, by default, replicated to a paired region"; continuous backups are not periodic ones (MicrosoftDocs
  // azure-databases-docs articles/cosmos-db/periodic-backup-storage-redundancy.md; `backupPolicy.type` Periodic or
  // Continuous, `PeriodicModeProperties.backupStorageRedundancy` Geo, Local, Zone, as in Azure/bicep-types-az
  // generated/cosmos-db/microsoft.documentdb/2021-03-01-preview/types.md).
  'microsoft.documentdb/databaseaccounts': [
    {
      path: 'properties.backupPolicy.periodicModeProperties.backupStorageRedundancy',
      geo: { geo: 'Local' },
      absent: 'Geo',
      unless: { path: 'properties.backupPolicy.type', values: ['continuous'] },
      with: { 'properties.backupPolicy.type': 'Periodic' },
    },
  ],
  // A Recovery Services vault's redundancy, on the vault from the API versions that take it there, or in its
  // `backupstorageconfig` child; a Data Protection backup vault's per datastore. A vault is geo-redundant unless set
  // otherwise ("continue to use the default geo-redundant storage", MicrosoftDocs/azure-docs
  // articles/backup/backup-create-recovery-services-vault.md). `redundancySettings` is read-only on the vault before
  // API version 2023-08-01 (Azure/bicep-types-az generated/recoveryservices/microsoft.recoveryservices/2023-06-01 and
  // 2023-08-01/types.md), so a fix writes it there from that version only.
  'microsoft.recoveryservices/vaults': [
    {
      path: 'properties.redundancySettings.standardTierStorageRedundancy',
      geo: BACKUP_REDUNDANCY,
      absent: 'GeoRedundant',
      childSetting: 'microsoft.recoveryservices/vaults/backupstorageconfig',
      writableSince: '2023-08-01',
    },
  ],
  'microsoft.recoveryservices/vaults/backupstorageconfig': [
    { path: 'properties.storageModelType', geo: BACKUP_REDUNDANCY },
    { path: 'properties.storageType', geo: BACKUP_REDUNDANCY },
  ],
  'microsoft.dataprotection/backupvaults': [{ path: 'properties.storageSettings[*].type', geo: BACKUP_REDUNDANCY }],
  // "For most Azure regions that are paired with another region, the contents of your key vault are replicated both
  // within the region and to the paired region", except Brazil South and West US 3, and Brazil Southeast, which does
  // not "use read-access geo-redundant storage (RA-GRS) to replicate data between paired regions" either
  // (MicrosoftDocs/azure-docs articles/key-vault/general/disaster-recovery-guidance.md). Managed HSM pools are not vaults.
  'microsoft.keyvault/vaults': [
    { always: "Azure Key Vault replicates a vault's contents to the paired region, except from Brazil South, Brazil Southeast and West US 3", except: ['brazilsouth', 'brazilsoutheast', 'westus3'] },
  ],
};

/** The types these rules know (lower case). */
export const PAIRED_COPY_TYPES: readonly string[] = Object.keys(RULES);

/** The child types that may write a setting in their parent's place (lower case). */
export const CHILD_SETTING_TYPES: ReadonlySet<string> = new Set(
  Object.values(RULES).flatMap((rules) => rules.flatMap((r) => ('childSetting' in r && r.childSetting ? [r.childSetting] : []))),
);

/** The rules of a resource type. */
export function pairedCopyRules(type: string): readonly PairedCopyRule[] {
  return RULES[type.toLowerCase()] ?? [];
}

/** One setting of a resource that keeps a copy in the paired region: the literal (or the declaration, for a default) that decides it. */
export interface PairedCopy {
  readonly setting: PairedCopySetting;
  /** The value that keeps the copy; its origin is the declaration where a default decides it. */
  readonly possibility: ScalarPossibility & { readonly value: string };
  /** Whether a default decides it: the service's, or the azurerm provider's that the adapter writes at the declaration. */
  readonly byDefault: boolean;
}

/**
 * The settings of a resource's body that keep a copy of its data in the paired region; `childSet` says whether a
 * child the unit deploys writes one instead (then its default is not assumed). `declaration` is the resource's as
 * the body was evaluated (the original's, for a moved body's original).
 */
export function pairedCopies(resource: Resource, body: Value, childSet = false, declaration = resource.declaration): PairedCopy[] {
  const out: PairedCopy[] = [];
  const settings = pairedCopyRules(resource.type).filter((r): r is PairedCopySetting => 'path' in r && !(r.before && resource.apiVersion && resource.apiVersion >= r.before));
  const values = settings.map((s) => V.lookup(body, s.path));
  const written = (v: Value) => v.unknowns.length > 0 || v.options.some((p) => p.kind !== 'absent');
  settings.forEach((setting, i) => {
    if (setting.unless && outOfUse(body, setting.unless)) return;
    for (const p of V.strings(values[i])) {
      if (setting.geo[p.value.toLowerCase()]) out.push({ setting, possibility: p, byDefault: setByDefault(resource, p, declaration) });
    }
    // Where another of the type's settings is written (an older API's), it decides, not the default.
    if (setting.absent && !(childSet && setting.childSetting) && values[i].options.some((p) => p.kind === 'absent') && !values.some((v, j) => j !== i && written(v))) {
      out.push({ setting, possibility: { kind: 'scalar', value: setting.absent, origin: declaration, via: [] }, byDefault: true });
    }
  });
  return out;
}

/** Whether another setting certainly leaves a setting out of use: every value it may have is one of those listed. */
function outOfUse(body: Value, unless: NonNullable<PairedCopySetting['unless']>): boolean {
  const v = V.lookup(body, unless.path);
  return !v.unknowns.length && v.options.length > 0 && v.options.every((p) => p.kind === 'scalar' && typeof p.value === 'string' && unless.values.includes(p.value.toLowerCase()));
}
