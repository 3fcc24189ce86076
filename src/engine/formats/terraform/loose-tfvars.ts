/**
 * Variable files kept apart from their root module: `envs/prod.tfvars` for the configuration in the folder above, or
 * `vars/prod.tfvars` beside an `infra/` folder, which a pipeline passes with `-var-file`. Terraform loads only the
 * variable files of the folder it runs in by itself, so these are alternatives, as the other `.tfvars` files of the
 * root module's folder are.
 */
import type { AnalysisUnit } from '../../workspace/document';
import { inToolFolder, nearestFolderAbove, parentFolder } from '../../workspace/uri';
import { entries } from '../arm/jsonc';
import type { TerraformDocument } from './document';
import type { ModuleDecls } from './module';
import { addTo } from '../../model/grouping';

export interface LooseVariableFiles {
  /** The variable files of other folders that a root module takes, by the root's folder. */
  readonly byRoot: ReadonlyMap<string, readonly TerraformDocument[]>;
  /** Those that pair with no root module. */
  readonly unpaired: readonly TerraformDocument[];
}

/**
 * The variable files in folders that hold no configuration of their own, paired with a root module that declares every
 * variable they set: the one of the nearest folder above with configuration files; else the one in a folder beside
 * theirs.
 */
export function looseVariableFiles(byFolder: ReadonlyMap<string, readonly TerraformDocument[]>, roots: readonly string[], decls: (folder: string) => ModuleDecls | undefined): LooseVariableFiles {
  const byRoot = new Map<string, TerraformDocument[]>();
  const unpaired: TerraformDocument[] = [];
  const isRoot = new Set(roots);
  for (const [folder, docs] of byFolder) {
    // A tool's folder (`.terraform/modules`) belongs to what installed it, not to the root module above.
    if (decls(folder) || inToolFolder(folder)) continue;
    const parent = parentFolder(folder);
    // The nearest folder above with configuration files, if it is a root module (`environments/prod/` of the root's).
    const configured = nearestFolderAbove(folder, (f) => byFolder.has(f) && !!decls(f));
    const above = configured !== undefined && isRoot.has(configured) ? configured : undefined;
    for (const doc of docs) {
      if (doc.kind !== 'tfvars') continue;
      const set = [...variablesSet(doc)];
      // Terraform only warns of a value for a variable the root does not declare; a root that declares none of them is
      // not the file's, so each must declare all.
      const declaresAll = (root: string) => set.every((v) => decls(root)?.variables.has(v));
      const beside = roots.filter((r) => parentFolder(r) === parent && declaresAll(r));
      const root = above !== undefined && declaresAll(above) ? above : beside.length === 1 ? beside[0] : undefined;
      if (root === undefined) {
        unpaired.push(doc);
        continue;
      }
      addTo(byRoot, root, doc);
    }
  }
  return { byRoot, unpaired };
}

/** A variable file that pairs with no root module: a notice, so that its values are not passed over in silence. */
export function unpairedVariableFile(doc: TerraformDocument): AnalysisUnit {
  return {
    id: `${doc.uri}#unpaired`,
    inputs: [doc.uri],
    evaluate: () => ({ resources: [], notices: [{ ruleId: 'module-unresolved', span: doc.source.span(0, 0), message: UNPAIRED }] }),
  };
}

const UNPAIRED =
  'This variable file pairs with no root module in the files checked, so its values are not checked. ITAR Guard reads the variable files of a root module\'s folder, and those of a folder with no configuration files with a root module that declares every variable they set: the one in the nearest folder above that has configuration files, else the one in a folder beside theirs.';

/** The names of the variables a variable file sets. */
function variablesSet(doc: TerraformDocument): Set<string> {
  const names = new Set<string>();
  for (const item of doc.items) if (item.node.k === 'attribute') names.add(item.node.name);
  for (const [key] of entries(doc.json)) names.add(String(key.value));
  return names;
}
