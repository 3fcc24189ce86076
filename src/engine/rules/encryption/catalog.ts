/**
 * `data/cmk.json`: per ARM type, how a customer-managed key, infrastructure encryption and transport security
 * are expressed (read from Azure/bicep-types-az, the azurerm documentation and Azure/azure-policy; every entry
 * lists its sources). The encryption rules read its condition objects as data; `requirements.ts` says where the
 * data needs interpreting, citing the entry id.
 */
import data from '../../../../data/cmk.json';

/** A condition object as the data writes it: `{ path, op, value, note }`. */
export interface KbCondition {
  readonly path: string;
  readonly op: string;
  readonly value?: unknown;
  readonly note?: string;
}

export interface KbEntry {
  readonly id: string;
  readonly arm_type: string;
  /** `yes`, `sku-dependent`, `kind-dependent`, `indirect`, `data-plane-only`, `no`, `preview-only`, `key-store`, … */
  readonly cmk_support_class: string;
  readonly linter_should_require_cmk: string;
  readonly cmk: {
    readonly compliant_when_all?: readonly KbCondition[];
    readonly compliant_when_any?: readonly (readonly KbCondition[])[];
    readonly key_store_requirements?: readonly KbCondition[];
    readonly variants?: Readonly<Record<string, readonly KbCondition[]>> | null;
  };
  readonly infrastructure_encryption?: { readonly compliant_when_all?: readonly KbCondition[] };
  readonly in_transit?: { readonly compliant_when_all?: readonly KbCondition[]; readonly default_if_absent?: string };
}

export const KB_ENTRIES: readonly KbEntry[] = data as unknown as KbEntry[];

/** Support classes for which a customer-managed key is demanded (subject to the entry's SKU or kind). */
const DEMANDED = new Set(['yes', 'sku-dependent', 'kind-dependent', 'indirect', 'data-plane-only', 'yes (retired service)']);

export function demandsCmk(entry: KbEntry): boolean {
  return DEMANDED.has(entry.cmk_support_class);
}
