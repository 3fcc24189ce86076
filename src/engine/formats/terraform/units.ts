/**
 * Terraform's analysis units: one per root module folder. A folder that another scanned folder calls as a local
 * module is evaluated through its callers (with their arguments), not also on its own; folders that only call each
 * other in a cycle are roots, so nothing goes unchecked. A unit's inputs are its `.tf` files, its tfvars files, its
 * lock file and the files of every local module it reaches.
 */
import type { Notice } from '../evaluation';
import type { AnalysisUnit, WorkspaceFiles } from '../../workspace/document';
import { folderOf } from '../../workspace/uri';
import { isTerraformDocument, terraformKind, type TerraformDocument } from './document';
import { ModuleInstance, type InstanceHost } from './evaluator';
import { providerVersion } from './mapping/provider-version';
import { localModuleFolder, moduleDecls, moduleSource, type ModuleDecls } from './module';
import { instanceResources } from './resources';
import { lockedAzurermVersion, tfvarsInputs } from './tfvars';

export function terraformUnits(files: WorkspaceFiles): AnalysisUnit[] {
  const byFolder = new Map<string, TerraformDocument[]>();
  for (const doc of files.all()) {
    if (!isTerraformDocument(doc)) continue;
    const folder = folderOf(doc.uri);
    const list = byFolder.get(folder);
    if (list) list.push(doc);
    else byFolder.set(folder, [doc]);
  }
  const modules = [...byFolder].filter(([, docs]) => docs.some((d) => d.kind === 'tf')).map(([folder]) => folder);
  const loader = new ModuleLoader(files);
  const calls = new Map(modules.map((f) => [f, loader.localCalls(f)]));
  const called = new Set([...calls.values()].flat());
  const roots = modules.filter((f) => !called.has(f));
  const reached = new Set<string>();
  const reach = (f: string) => {
    if (reached.has(f)) return;
    reached.add(f);
    for (const c of calls.get(f) ?? loader.localCalls(f)) reach(c);
  };
  roots.forEach(reach);
  for (const f of modules) {
    if (reached.has(f)) continue;
    roots.push(f);
    reach(f);
  }
  return roots.map((folder) => rootUnit(folder, byFolder.get(folder) ?? [], loader));
}

function rootUnit(folder: string, docs: readonly TerraformDocument[], loader: ModuleLoader): AnalysisUnit {
  const inputs = new Set<string>();
  const visit = (f: string) => {
    const decls = loader.decls(f);
    if (!decls || inputs.has(decls.documents[0]?.uri ?? f)) return;
    for (const d of decls.documents) inputs.add(d.uri);
    for (const c of loader.localCalls(f)) visit(c);
  };
  visit(folder);
  for (const d of docs) inputs.add(d.uri);
  return {
    id: `terraform:${folder}`,
    inputs: [...inputs],
    evaluate: () => {
      const notices: Notice[] = [];
      const host: InstanceHost = { moduleDecls: (f) => loader.decls(f), notice: (n) => notices.push(n) };
      const decls = loader.decls(folder);
      if (!decls) return { resources: [], notices };
      const tfvars = docs.filter((d) => d.kind === 'tfvars');
      const lock = docs.find((d) => d.kind === 'lock');
      const root = new ModuleInstance(host, decls, tfvarsInputs(folder, tfvars, host), [], '', []);
      const version = providerVersion(azurermConstraint(decls), lockedAzurermVersion(lock));
      return { resources: instanceResources(root, version, `${folder}|`), notices };
    },
  };
}

function azurermConstraint(decls: ModuleDecls): string | undefined {
  return decls.providerConstraints.get('azurerm')?.text;
}

/** Reads module folders (scanned or not) once per unit listing. */
class ModuleLoader {
  private readonly cache = new Map<string, ModuleDecls | null>();
  constructor(private readonly files: WorkspaceFiles) {}

  decls(folder: string): ModuleDecls | undefined {
    let d = this.cache.get(folder);
    if (d === undefined) {
      const docs = this.files
        .folder(folder)
        .filter((uri) => terraformKind(uri) === 'tf')
        .map((uri) => this.files.get(uri))
        .filter(isTerraformDocument);
      d = docs.length ? moduleDecls(folder, docs) : null;
      this.cache.set(folder, d);
    }
    return d ?? undefined;
  }

  /** The folders of the local modules a folder calls. */
  localCalls(folder: string): string[] {
    const decls = this.decls(folder);
    if (!decls) return [];
    const out: string[] = [];
    for (const call of decls.modules.values()) {
      const source = moduleSource(call.node);
      const target = source && localModuleFolder(folder, source);
      if (target && target !== folder && !out.includes(target)) out.push(target);
    }
    return out;
  }
}
