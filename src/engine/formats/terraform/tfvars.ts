/**
 * Variable values from `.tfvars` and `.tfvars.json` files and from the lock file's pinned provider version.
 *
 * `terraform.tfvars`, `terraform.tfvars.json` and `*.auto.tfvars(.json)` are loaded by every run, in that order
 * (later files win), so their values replace the defaults; any other variable file is given with `-var-file` for
 * some runs, so each of its values is one more possibility.
 */
import type { Value } from '../../model/value';
import { baseName, folderOf } from '../../workspace/uri';
import { entries } from '../arm/jsonc';
import { inputFileValue } from '../json-values';
import { siteOf, type TerraformDocument } from './document';
import { evaluate, ModuleInstance, NO_INPUTS, type InstanceHost, type VariableInputs } from './evaluator';
import { moduleDecls } from './module';
import { mergeAlternatives } from '../../eval/parameters';
import { attribute } from './syntax';

/** Terraform compares these names as written, whatever the file system does (`isAutoVarFile` in its command package). */
export function isAutoLoaded(uri: string): boolean {
  const name = baseName(uri).replace(/\.json$/, '');
  return name === 'terraform.tfvars' || name.endsWith('.auto.tfvars');
}

/** The inputs a root module gets from the tfvars files of its folder, and from those kept apart for it (`loose-tfvars.ts`). */
export function tfvarsInputs(folder: string, files: readonly TerraformDocument[], host: InstanceHost): VariableInputs {
  // tfvars hold literal values only; anything else evaluates to an unknown with the reason.
  const constants = new ModuleInstance(host, moduleDecls(folder, []), NO_INPUTS, [], '', []);
  const autoLoaded = new Map<string, Value>();
  const alternatives: Map<string, Value>[] = [];
  const ordered = [...files].sort((a, b) => order(a.uri) - order(b.uri) || (baseName(a.uri) < baseName(b.uri) ? -1 : 1));
  for (const doc of ordered) {
    // Terraform loads only the files of the folder it runs in by itself; others come with `-var-file`.
    const values = isAutoLoaded(doc.uri) && folderOf(doc.uri) === folder ? autoLoaded : new Map<string, Value>();
    if (values !== autoLoaded) alternatives.push(values);
    for (const item of doc.items) {
      if (item.node.k === 'attribute') values.set(item.node.name, evaluate(item.node.value, constants.scope(siteOf(doc, item))));
    }
    for (const [key, node] of entries(doc.json)) values.set(String(key.value), inputFileValue(doc.source, node));
  }
  return { autoLoaded, alternatives: mergeAlternatives(alternatives) };
}

/** Terraform loads `terraform.tfvars`, then `terraform.tfvars.json`, then the `*.auto.tfvars` files by name. */
function order(uri: string): number {
  const name = baseName(uri).toLowerCase();
  return name === 'terraform.tfvars' ? 0 : name === 'terraform.tfvars.json' ? 1 : 2;
}

/** The azurerm version `.terraform.lock.hcl` pins, if any. */
export function lockedAzurermVersion(lock: TerraformDocument | undefined): string | undefined {
  for (const item of lock?.items ?? []) {
    const node = item.node;
    if (node.k !== 'block' || node.type !== 'provider' || !/\/azurerm$/i.test(node.labels[0]?.value ?? '')) continue;
    const version = attribute(node.body, 'version')?.value;
    if (version?.k === 'str') return version.value;
  }
  return undefined;
}
