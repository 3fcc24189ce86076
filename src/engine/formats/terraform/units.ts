/**
 * Terraform's analysis units: one per root module folder, and a second one as OpenTofu reads it where a folder it
 * reaches has a `.tofu` file (`readers.ts`; otherwise the one unit belongs to both readings). A folder that another
 * scanned folder calls as a local
 * module is evaluated through its callers (with their arguments), not also on its own unless it has variable files of
 * its own (which are for running it alone); folders that only call each
 * other in a cycle are roots, so nothing goes unchecked. A unit's inputs are its `.tf` files, its tfvars files, its
 * lock file and the files of every local module it reaches.
 */
import type { Evaluation, Notice } from '../evaluation';
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
import { looseVariableFiles, unpairedVariableFile } from './loose-tfvars';
import { addTo, sameItems } from '../../model/grouping';
import { perKey, perView } from '../../workspace/memo';

function documentsByFolder(files: WorkspaceFiles): Map<string, TerraformDocument[]> {
  const byFolder = new Map<string, TerraformDocument[]>();
  for (const doc of files.all()) {
    if (!isTerraformDocument(doc)) continue;
    addTo(byFolder, folderOf(doc.uri), doc);
  }
  return byFolder;
}

/**
 * The root module folders of a listing as a tool reads them, each with the folders of the local modules it reaches
 * (itself first). A folder that either tool's reading calls is no root of either: a module called only from a `.tofu`
 * file is deployed through that call, not on its own by Terraform. A folder that no reading reaches with files it reads
 * (a module of `.tofu` files called only from a file OpenTofu does not read) is a root of each reading that reads it,
 * so that nothing goes unchecked.
 */
export function rootModules(files: WorkspaceFiles, reader: Reader = 'terraform', byFolder = documentsByFolder(files)): readonly RootModule[] {
  const roots = perView(files, ROOTS, () => new Map<Reader, readonly RootModule[]>());
  let own = roots.get(reader);
  if (!own) {
    // Where no file of the listing is OpenTofu's, the readings choose the same roots (an installed module may still
    // be read otherwise), and each is chosen only when asked for.
    for (const [r, chosen] of chooseRoots(files, byFolder, hasTofuFiles(files) ? READERS : [reader])) roots.set(r, chosen);
    own = roots.get(reader)!;
  }
  return own;
}

export interface RootModule {
  readonly folder: string;
  readonly reached: readonly string[];
}

const ROOTS = {};

function chooseRoots(files: WorkspaceFiles, byFolder: ReadonlyMap<string, readonly TerraformDocument[]>, readers: readonly Reader[]): ReadonlyMap<Reader, readonly RootModule[]> {
  // A module is a folder; one of its files stands for it in the shared choice of roots. Stand-ins and calls are asked
  // for many times per folder, so each is found once.
  const loaders = readers.map((r) => {
    const loader = moduleLoader(files, r);
    return { reader: r, loader, ownCalls: perKey((d: TerraformDocument): TerraformDocument[] => documents(loader.localCalls(folderOf(d.uri)).filter((f) => loader.decls(f)))) };
  });
  const standIn = perKey((folder: string): TerraformDocument | undefined => loaders.map(({ loader }) => loader.decls(folder)?.documents[0]).find((d) => !!d));
  const documents = (folders: readonly string[]): TerraformDocument[] => folders.map(standIn).filter((d): d is TerraformDocument => !!d);
  const calls = perKey((d: TerraformDocument) => documents([...new Set(loaders.flatMap(({ loader }) => loader.localCalls(folderOf(d.uri))))]));
  const shared = rootDocuments(documents([...byFolder.keys()]), calls).map((d) => folderOf(d.uri));
  const out = new Map<Reader, RootModule[]>(readers.map((r) => [r, []]));
  const covered = new Set<string>();
  const add = (folders: readonly string[]) => {
    for (const folder of folders) {
      for (const { reader, loader, ownCalls } of loaders) {
        if (!loader.decls(folder)) continue;
        const reached = reachable(standIn(folder)!, ownCalls).map((d) => folderOf(d.uri));
        out.get(reader)!.push({ folder, reached });
        for (const f of reached) covered.add(f);
      }
    }
  };
  add(shared);
  // A folder that others call but that has variable files of its own is run on its own too, with them.
  const sharedRoots = new Set(shared);
  add([...byFolder.keys()].filter((f) => !sharedRoots.has(f) && byFolder.get(f)?.some((d) => d.kind === 'tfvars') && standIn(f)));
  if (loaders.length > 1) for (const folder of byFolder.keys()) if (!covered.has(folder) && standIn(folder)) add([folder]);
  return out;
}

const REACHED = {};

/** The folders a reading evaluates with files it reads (its roots and the local modules they reach). */
export function reachedBy(files: WorkspaceFiles, reader: Reader): ReadonlySet<string> {
  const byReader = perView(files, REACHED, () => new Map<Reader, ReadonlySet<string>>());
  let reached = byReader.get(reader);
  if (!reached) byReader.set(reader, (reached = new Set(rootModules(files, reader).flatMap((r) => r.reached))));
  return reached;
}

const TOFU_LISTINGS = {};

/** Whether a file of the listing is OpenTofu's: then its folder, and the folders it calls, are read both ways. */
function hasTofuFiles(files: WorkspaceFiles): boolean {
  return perView(files, TOFU_LISTINGS, () => files.all().some((d) => isTofuFile(d.uri)));
}

/** The tools whose readings of the listing differ: OpenTofu's only where a `.tofu` file is read (an installed module's too). */
export function readingsOf(files: WorkspaceFiles): readonly Reader[] {
  return hasTofuFiles(files) || moduleLoader(files, 'terraform').sawTofu ? READERS : ['terraform'];
}

export function terraformUnits(files: WorkspaceFiles): AnalysisUnit[] {
  const byFolder = documentsByFolder(files);
  // A module folder one tool reads nothing of is the other's to check (`.tofu` files only), where that one reaches it.
  const elsewhere = (reader: Reader) => (hasTofuFiles(files) ? reachedBy(files, reader === 'terraform' ? 'opentofu' : 'terraform') : undefined);
  const foldersOf = (reader: Reader, root: RootModule) => {
    const installed = moduleLoader(files, reader).installed(root.folder);
    return installed ? [...root.reached, ...[...installed.values()].map((m) => m.folder)] : root.reached;
  };
  // Terraform's reading lists every folder it reads, installed modules' too: whether OpenTofu reads any otherwise.
  const terraform = moduleLoader(files, 'terraform');
  for (const root of rootModules(files, 'terraform', byFolder)) for (const folder of foldersOf('terraform', root)) terraform.decls(folder);
  const readers = readingsOf(files);
  // Each tool finds its own roots and configuration folders (`.tofu` files are OpenTofu's only).
  const loose = new Map(readers.map((r) => [r, looseVariableFiles(byFolder, rootModules(files, r, byFolder).map((root) => root.folder), (f) => moduleLoader(files, r).decls(f))]));
  const unitsOf = (reader: Reader, readings: (root: RootModule) => readonly Reader[] | undefined) => {
    const loader = moduleLoader(files, reader);
    const kept = loose.get(reader)?.byRoot;
    return rootModules(files, reader, byFolder).flatMap((root) => {
      const readingsOfRoot = readings(root);
      if (!readingsOfRoot) return [];
      // What `terraform init` installed is read too: a new install checks the unit again.
      const installed = loader.installed(root.folder);
      const own = [...(byFolder.get(root.folder) ?? []), ...(kept?.get(root.folder) ?? [])];
      const folders = foldersOf(reader, root);
      const uris = [...folders.flatMap((f) => loader.decls(f)?.documents ?? []), ...own].map((d) => d.uri);
      return [rootUnit(readingsOfRoot, root.folder, own, [...new Set(installed ? [...uris, manifestUri(root.folder)] : uris)], folders, loader, elsewhere(reader))];
    });
  };
  // A file either tool pairs, or reads in a folder it configures, is checked.
  const unpaired = (loose.get(readers[0])?.unpaired ?? []).filter((d) => readers.every((r) => loose.get(r)?.unpaired.includes(d))).map(unpairedVariableFile);
  if (readers.length === 1) return [...unitsOf('terraform', () => ['terraform']), ...unpaired];
  // A root whose folders hold no `.tofu` file is read alike by both tools: one unit serves both readings.
  const tofuFree = (root: RootModule) => foldersOf('opentofu', root).every((f) => !moduleLoader(files, 'opentofu').hasTofu(f));
  const opentofuRoots = new Set(rootModules(files, 'opentofu', byFolder).filter((r) => !tofuFree(r)).map((r) => r.folder));
  return [
    ...unitsOf('terraform', (root) => (opentofuRoots.has(root.folder) ? ['terraform'] : READERS)),
    ...unitsOf('opentofu', (root) => (opentofuRoots.has(root.folder) ? ['opentofu'] : undefined)),
    ...unpaired,
  ];
}

function rootUnit(readings: readonly Reader[], folder: string, docs: readonly TerraformDocument[], inputs: readonly string[], folders: readonly string[], loader: ModuleLoader, elsewhere: ReadonlySet<string> | undefined): AnalysisUnit {
  return {
    id: `${readings[0]}:${folder}`,
    readings,
    inputs,
    evaluate: (previous) => evaluateRoot(folder, docs, new Map(folders.map((f) => [f, loader.decls(f)])), loader.installed(folder), elsewhere, previous),
  };
}

/**
 * Evaluates a root module whose evaluation reaches the module folders of `reached`, those whose files are the unit's
 * inputs. It reads their declarations from that map, not from the loader, and is a function of its own so that no
 * closure it makes shares a scope with the loader: what an evaluation keeps (values computed later, reused at the next
 * analyses) would otherwise keep the loader, and through it every module folder of the workspace as one analysis read it.
 */
function evaluateRoot(folder: string, docs: readonly TerraformDocument[], reached: ReadonlyMap<string, ModuleDecls | undefined>, installed: ReadonlyMap<string, InstalledModule> | undefined, elsewhere: ReadonlySet<string> | undefined, previous: Evaluation | undefined): Evaluation {
  const notices: Notice[] = [];
  const host: InstanceHost = { moduleDecls: (f) => reached.get(f), installedModules: () => installed, readElsewhere: (f) => !!elsewhere?.has(f), notice: (n) => notices.push(n) };
  const decls = reached.get(folder);
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
}

function azurermConstraint(decls: ModuleDecls): string | undefined {
  return decls.providerConstraints.get('azurerm')?.text;
}

const LOADERS = {};

/** The module folders of one listing as a tool reads them, read once for the units and the fixes of the analysis that made it. */
export function moduleLoader(files: WorkspaceFiles, reader: Reader = 'terraform'): ModuleLoader {
  const byReader = perView(files, LOADERS, () => new Map<Reader, ModuleLoader>());
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
  if (known && sameItems(known.docs, docs) && known.decls.folder === folder) return known;
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
  private readonly tofuFolders = new Set<string>();
  constructor(
    private readonly files: WorkspaceFiles,
    private readonly reader: Reader,
  ) {}

  private facts(folder: string): FolderFacts | undefined {
    let f = this.cache.get(folder);
    if (f === undefined) {
      const listed = this.files.folder?.(folder) ?? this.files.all().map((d) => d.uri).filter((uri) => folderOf(uri) === folder);
      if (listed.some(isTofuFile)) {
        this.sawTofu = true;
        this.tofuFolders.add(folder);
      }
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

  /** Whether the folder has a `.tofu` file, which only OpenTofu reads. */
  hasTofu(folder: string): boolean {
    this.facts(folder);
    return this.tofuFolders.has(folder);
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
