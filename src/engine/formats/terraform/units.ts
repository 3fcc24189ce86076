/**
 * Terraform's analysis units: one per root module folder, and a second one as OpenTofu reads it where a module it
 * reaches has a `.tofu` file (`readers.ts`). A folder that another scanned folder calls as a local
 * module is evaluated through its callers (with their arguments), not also on its own; folders that only call each
 * other in a cycle are roots, so nothing goes unchecked. A unit's inputs are its `.tf` files, its tfvars files, its
 * lock file and the files of every local module it reaches.
 */
import type { Notice } from '../evaluation';
import type { AnalysisUnit, WorkspaceFiles } from '../../workspace/document';
import { reachable, rootDocuments } from '../../workspace/roots';
import { filesReadBy, isTofuFile, READERS, type Reader } from './readers';
import { folderOf } from '../../workspace/uri';
import { isTerraformDocument, terraformKind, type TerraformDocument } from './document';
import { ModuleInstance, type InstanceHost } from './evaluator';
import { providerVersion } from './mapping/provider-version';
import { installedModules, manifestUri, type InstalledModule } from './installed-modules';
import { localModuleFolder, moduleDecls, moduleSource, type ModuleDecls } from './module';
import { instanceResources } from './resources';
import { draftReuse } from './reuse';
import { lockedAzurermVersion, tfvarsInputs } from './tfvars';

function documentsByFolder(files: WorkspaceFiles): Map<string, TerraformDocument[]> {
  const byFolder = new Map<string, TerraformDocument[]>();
  for (const doc of files.all()) {
    if (!isTerraformDocument(doc)) continue;
    const folder = folderOf(doc.uri);
    const list = byFolder.get(folder);
    if (list) list.push(doc);
    else byFolder.set(folder, [doc]);
  }
  return byFolder;
}

/**
 * The root module folders of a listing as a tool reads them, each with the folders of the local modules it reaches
 * (itself first).
 */
export function rootModules(files: WorkspaceFiles, reader: Reader = 'terraform', byFolder = documentsByFolder(files)): { folder: string; reached: string[] }[] {
  const loader = moduleLoader(files, reader);
  // A module is a folder; its first .tf file stands for it in the shared choice of roots.
  const modules = [...byFolder.keys()].map((f) => loader.decls(f)?.documents[0]).filter((d): d is TerraformDocument => !!d);
  const calls = (d: TerraformDocument) => loader.localCalls(folderOf(d.uri)).map((f) => loader.decls(f)?.documents[0]).filter((c): c is TerraformDocument => !!c);
  return rootDocuments(modules, calls).map((root) => ({ folder: folderOf(root.uri), reached: reachable(root, calls).map((d) => folderOf(d.uri)) }));
}

export function terraformUnits(files: WorkspaceFiles): AnalysisUnit[] {
  const byFolder = documentsByFolder(files);
  return READERS.flatMap((reader) => {
    const loader = moduleLoader(files, reader);
    return rootModules(files, reader, byFolder).flatMap(({ folder, reached }) => {
      // What `terraform init` installed is read too: a new install checks the unit again.
      const installed = loader.installed(folder);
      const folders = installed ? [...reached, ...[...installed.values()].map((m) => m.folder)] : reached;
      const docs = folders.flatMap((f) => loader.decls(f)?.documents ?? []);
      // Where no module read has a `.tofu` file, OpenTofu reads what Terraform reads.
      if (reader === 'opentofu' && !docs.some((d) => isTofuFile(d.uri))) return [];
      const uris = [...docs, ...(byFolder.get(folder) ?? [])].map((d) => d.uri);
      return [rootUnit(`${reader}:${folder}`, folder, byFolder.get(folder) ?? [], [...new Set(installed ? [...uris, manifestUri(folder)] : uris)], loader)];
    });
  });
}

function rootUnit(id: string, folder: string, docs: readonly TerraformDocument[], inputs: readonly string[], loader: ModuleLoader): AnalysisUnit {
  return {
    id,
    inputs,
    evaluate: (previous) => {
      const notices: Notice[] = [];
      const installed = loader.installed(folder);
      const host: InstanceHost = { moduleDecls: (f) => loader.decls(f), installedModules: () => installed, notice: (n) => notices.push(n) };
      const decls = loader.decls(folder);
      if (!decls) return { resources: [], notices };
      const tfvars = docs.filter((d) => d.kind === 'tfvars');
      const lock = docs.find((d) => d.kind === 'lock');
      const root = new ModuleInstance(host, decls, tfvarsInputs(folder, tfvars, host), [], '', []);
      const constraint = azurermConstraint(decls);
      const version = providerVersion(constraint, lockedAzurermVersion(lock));
      const inputs = { decls, tfvars, lock, constraint };
      const reuse = draftReuse(previous, inputs);
      const evaluation = { resources: instanceResources(root, version, reuse), notices };
      reuse.remember(evaluation, inputs);
      return evaluation;
    },
  };
}

function azurermConstraint(decls: ModuleDecls): string | undefined {
  return decls.providerConstraints.get('azurerm')?.text;
}

const LOADERS = new WeakMap<WorkspaceFiles, Map<Reader, ModuleLoader>>();

/** The module folders of one listing as a tool reads them, read once for the units and the fixes of the analysis that made it. */
export function moduleLoader(files: WorkspaceFiles, reader: Reader = 'terraform'): ModuleLoader {
  let byReader = LOADERS.get(files);
  if (!byReader) LOADERS.set(files, (byReader = new Map()));
  let loader = byReader.get(reader);
  if (!loader) byReader.set(reader, (loader = new ModuleLoader(files, reader)));
  return loader;
}

/** What a folder's files declare, and the local modules it calls: kept while the folder's documents are the same. */
interface FolderFacts {
  readonly docs: readonly TerraformDocument[];
  readonly decls: ModuleDecls;
  readonly calls: readonly string[];
}

/** Keyed by a folder's first document: a document object stands for one version of its file. */
const factsCache = new WeakMap<TerraformDocument, FolderFacts>();

function folderFacts(folder: string, docs: readonly TerraformDocument[]): FolderFacts {
  const known = factsCache.get(docs[0]);
  if (known && known.docs.length === docs.length && known.docs.every((d, i) => d === docs[i]) && known.decls.folder === folder) return known;
  const decls = moduleDecls(folder, docs);
  const calls: string[] = [];
  for (const call of decls.modules.values()) {
    const source = moduleSource(call.node);
    const target = source && localModuleFolder(folder, source);
    if (target && target !== folder && !calls.includes(target)) calls.push(target);
  }
  const facts = { docs, decls, calls };
  factsCache.set(docs[0], facts);
  return facts;
}

/** Reads module folders (scanned or not) once per unit listing. */
class ModuleLoader {
  private readonly cache = new Map<string, FolderFacts | null>();
  private readonly locks = new Map<string, TerraformDocument>();
  private readonly installs = new Map<string, ReadonlyMap<string, InstalledModule> | undefined>();
  constructor(
    private readonly files: WorkspaceFiles,
    private readonly reader: Reader,
  ) {}

  private facts(folder: string): FolderFacts | undefined {
    let f = this.cache.get(folder);
    if (f === undefined) {
      const listed = this.files.folder?.(folder) ?? this.files.all().map((d) => d.uri).filter((uri) => folderOf(uri) === folder);
      const lock = listed.find((uri) => terraformKind(uri) === 'lock');
      const lockDoc = lock && this.files.get(lock);
      if (lockDoc && isTerraformDocument(lockDoc)) this.locks.set(folder, lockDoc);
      const docs = filesReadBy(
        this.reader,
        listed
          .filter((uri) => terraformKind(uri) === 'tf')
          .map((uri) => this.files.get(uri))
          .filter(isTerraformDocument),
      );
      f = docs.length ? folderFacts(folder, docs) : null;
      this.cache.set(folder, f);
    }
    return f ?? undefined;
  }

  decls(folder: string): ModuleDecls | undefined {
    return this.facts(folder)?.decls;
  }

  /** The folder's lock file, once the folder is read. */
  lock(folder: string): TerraformDocument | undefined {
    return this.decls(folder) && this.locks.get(folder);
  }

  /** The modules `terraform init` installed for a root module folder. */
  installed(root: string): ReadonlyMap<string, InstalledModule> | undefined {
    if (!this.installs.has(root)) this.installs.set(root, installedModules(this.files, root));
    return this.installs.get(root);
  }

  /** The folders of the local modules a folder calls. */
  localCalls(folder: string): readonly string[] {
    return this.facts(folder)?.calls ?? [];
  }
}
