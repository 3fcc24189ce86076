/**
 * A change to one resource described the ARM way, for fixes that set a property a resource lacks or holds
 * wrongly (turn on HTTPS only, raise the TLS floor, add a customer-managed key). Rules say *what* to set, at ARM
 * property paths; the format adapter of the file that declares the resource says *how*: a property in ARM JSON
 * or Bicep, an argument, block or separate resource in Terraform (which maps the ARM paths back to azurerm or
 * writes them into an azapi body). Rules therefore never branch on the format (DESIGN invariant 3).
 */
import type { Scalar } from './value';

/**
 * An input the change declares for a value only the user knows (a key vault URI, a key name): an ARM parameter,
 * a Bicep `param`, a Terraform `variable`. It gets no default, so the file asks for it at deployment.
 */
export interface NewInput {
  /** The preferred name (camelCase); the adapter writes it in its own convention and keeps it unique in the file. */
  readonly name: string;
  /** What the user must supply, written as the input's description. */
  readonly description: string;
}

export type SettingValue =
  | { readonly kind: 'scalar'; readonly value: Exclude<Scalar, null> }
  /** a reference to a new input; the same `NewInput` object used twice is declared once */
  | { readonly kind: 'input'; readonly input: NewInput };

export interface SettingAssignment {
  /**
   * An ARM property path relative to the resource body (`properties.encryption.keySource`). A property that is
   * written already gets the new value; missing objects on the way are created. `[*]` sets the rest of the path
   * in every element of an existing array, or creates an array of one element; `['a.b']` is a property whose
   * name holds dots.
   */
  readonly path: string;
  readonly value: SettingValue;
}

/**
 * What a change achieves. Adapters whose syntax expresses a purpose differently from the ARM properties (an
 * azurerm `customer_managed_key` block, a separate `azurerm_*_customer_managed_key` resource) use it to choose
 * their form; the ARM paths still say which setting is meant.
 */
export type ChangePurpose = 'customer-managed-key' | 'hsm-key' | 'key-vault-protection' | 'infrastructure-encryption' | 'tls-version' | 'https-only' | 'paired-region-copy';

export interface ResourceChange {
  readonly purpose: ChangePurpose;
  readonly set: readonly SettingAssignment[];
}

/** A setting as the file that declares a resource writes it. */
export interface SettingSpelling {
  /** `properties.minimumTlsVersion` in ARM, Bicep and azapi; the argument through its blocks for azurerm (`site_config.minimum_tls_version`). */
  readonly name: string;
  /** The value asked about as the file writes it (azurerm `true` for ARM `'Enabled'`); undefined when it cannot be written there. */
  readonly value?: Scalar;
  /**
   * Writing the name at all sets the value: a block (`customer_managed_key` sets the key source), an argument
   * (`key_vault_key_id` sets the SQL key type) or a separate resource.
   */
  readonly presence: boolean;
  /**
   * For a setting of another resource — a child, or a separate resource that configures this one — that resource's
   * type as the file declares it (`azurerm_mssql_server_transparent_data_encryption`); for a separate resource the
   * name starts with it (`azurerm_eventhub_namespace_customer_managed_key.key_vault_key_ids`).
   */
  readonly type?: string;
  /**
   * Where the file's resource has no known way to write the setting, the start of a sentence that says so and ends
   * with what: "ITAR Guard knows no azurerm_virtual_machine argument for" (a legacy type without disk encryption sets).
   */
  readonly unwritable?: string;
}

/** A setting as ARM, Bicep and an azapi body write it: the ARM path, value and type themselves. */
export function armSpelling(path: string, value?: Scalar, type?: string): SettingSpelling {
  return { name: path, value, presence: false, type };
}

/** What stands for {@link armSpelling} and ARM types, the spellings of every resource a file writes as ARM does. */
export const ARM_SPELLINGS: object = Object.freeze({});
