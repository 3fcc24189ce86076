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
 * (itself first). A folder that either tool's reading calls is no root of either: a module called only from a `.tofu`
 * file is deployed through that call, not on its own by Terraform.
 */
export function rootModules(files: WorkspaceFiles, reader: Reader = 'terraform', byFolder = documentsByFolder(files)): { folder: string; reached: string[] }[] {
  const own = moduleLoader(files, reader);
  const loaders = hasTofuFiles(files) ? READERS.map((r) => moduleLoader(files, r)) : [own];
  // A module is a folder; one of its files stands for it in the shared choice of roots.
  const standIn = (folder: string) => loaders.map((l) => l.decls(folder)?.documents[0]).find((d) => !!d);
  const documents = (folders: readonly string[]) => folders.map(standIn).filter((d): d is TerraformDocument => !!d);
  const calls = (d: TerraformDocument) => documents([...new Set(loaders.flatMap((l) => l.localCalls(folderOf(d.uri))))]);
  const ownCalls = (d: TerraformDocument) => documents(own.localCalls(folderOf(d.uri)).filter((f) => own.decls(f)));
  return rootDocuments(documents([...byFolder.keys()]), calls)
    .filter((root) => own.decls(folderOf(root.uri)))
    .map((root) => ({ folder: folderOf(root.uri), reached: reachable(root, ownCalls).map((d) => folderOf(d.uri)) }));
}

const TOFU_LISTINGS = new WeakMap<WorkspaceFiles, boolean>();

/** Whether a file of the listing is OpenTofu's: then its folder, and the folders it calls, are read both ways. */
function hasTofuFiles(files: WorkspaceFiles): boolean {
  let has = TOFU_LISTINGS.get(files);
  if (has === undefined) TOFU_LISTINGS.set(files, (has = files.all().some((d) => isTofuFile(d.uri))));
  return has;
}

/** The tools whose readings of the listing differ: OpenTofu's only where a `.tofu` file is read (an installed module's too). */
export function readingsOf(files: WorkspaceFiles): readonly Reader[] {
  return hasTofuFiles(files) || moduleLoader(files, 'terraform').sawTofu ? READERS : ['terraform'];
}

export function terraformUnits(files: WorkspaceFiles): AnalysisUnit[] {
  const byFolder = documentsByFolder(files);
  // A module folder one tool reads nothing of is the other's to check (`.tofu` files only).
  const other = (reader: Reader) => (hasTofuFiles(files) ? moduleLoader(files, reader === 'terraform' ? 'opentofu' : 'terraform') : undefined);
  const unitsOf = (reader: Reader) => {
    const loader = moduleLoader(files, reader);
    return rootModules(files, reader, byFolder).map(({ folder, reached }) => {
      // What `terraform init` installed is read too: a new install checks the unit again.
      const installed = loader.installed(folder);
      const folders = installed ? [...reached, ...[...installed.values()].map((m) => m.folder)] : reached;
      const uris = [...folders.flatMap((f) => loader.decls(f)?.documents ?? []), ...(byFolder.get(folder) ?? [])].map((d) => d.uri);
      return rootUnit(reader, folder, byFolder.get(folder) ?? [], [...new Set(installed ? [...uris, manifestUri(folder)] : uris)], loader, other(reader));
    });
  };
  // Terraform's reading lists every folder read, so it tells whether OpenTofu reads any of them otherwise.
  const terraform = unitsOf('terraform');
  return readingsOf(files).length > 1 ? [...terraform, ...unitsOf('opentofu')] : terraform;
}

function rootUnit(reader: Reader, folder: string, docs: readonly TerraformDocument[], inputs: readonly string[], loader: ModuleLoader, other: ModuleLoader | undefined): AnalysisUnit {
  return {
    id: `${reader}:${folder}`,
    reading: reader,
    inputs,
    evaluate: (previous) => {
      const notices: Notice[] = [];
      const installed = loader.installed(folder);
      const host: InstanceHost = { moduleDecls: (f) => loader.decls(f), installedModules: () => installed, readElsewhere: (f) => !!other?.decls(f), notice: (n) => notices.push(n) };
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
  /** Whether a folder read so far has a `.tofu` file, which OpenTofu reads and Terraform does not. */
  sawTofu = false;
  constructor(
    private readonly files: WorkspaceFiles,
    private readonly reader: Reader,
  ) {}

  private facts(folder: string): FolderFacts | undefined {
    let f = this.cache.get(folder);
    if (f === undefined) {
      const listed = this.files.folder?.(folder) ?? this.files.all().map((d) => d.uri).filter((uri) => folderOf(uri) === folder);
      if (listed.some(isTofuFile)) this.sawTofu = true;
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
