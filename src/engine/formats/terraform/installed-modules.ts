/**
 * The modules `terraform init` installed for a root module: registry and git modules are downloaded under
 * `.terraform/modules/` and listed in `.terraform/modules/modules.json`, one entry per module call by its path from
 * the root (`Key`: `storage`, `storage.inner`), with the `Source` it was installed from and its folder (`Dir`,
 * relative to the root module's folder). Terraform itself reads that manifest (internal/modsdir in its sources), and
 * refuses a call whose source or version constraint changed since the install, so a listed folder stands for a call
 * only while the call still asks for what was installed ({@link staleInstall}).
 */
import type { WorkspaceFiles } from '../../workspace/document';
import { resolveUri } from '../../workspace/uri';
import { moduleVersionAllows } from './module-version';
import { attribute, type Block } from './syntax';

export interface InstalledModule {
  /** The source the module was installed from, as the manifest writes it. */
  readonly source: string;
  /** The version installed, for a registry module. */
  readonly version?: string;
  /** Its folder URI, with a trailing slash. */
  readonly folder: string;
}

/** The manifest of a root module folder (a URI with a trailing slash). */
export function manifestUri(root: string): string {
  return `${root}.terraform/modules/modules.json`;
}

/**
 * The installed modules of a root module by call path, or undefined when it has no manifest (not initialised) or one
 * that is not the manifest's shape (it is then ignored: the calls stay outside the workspace, as without one).
 */
export function installedModules(files: WorkspaceFiles, root: string): ReadonlyMap<string, InstalledModule> | undefined {
  const text = files.text?.(manifestUri(root))?.text;
  if (text === undefined) return undefined;
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    return undefined;
  }
  const entries = (manifest as { Modules?: unknown } | null)?.Modules;
  if (!Array.isArray(entries)) return undefined;
  const out = new Map<string, InstalledModule>();
  for (const e of entries as { Key?: unknown; Source?: unknown; Version?: unknown; Dir?: unknown }[]) {
    if (typeof e?.Key !== 'string' || !e.Key || typeof e.Source !== 'string' || typeof e.Dir !== 'string') continue;
    const folder = resolveUri(root, `${e.Dir.replace(/\\/g, '/').replace(/\/*$/, '')}/`);
    if (folder) out.set(e.Key, { source: e.Source, folder, ...(typeof e.Version === 'string' && e.Version ? { version: e.Version } : {}) });
  }
  return out;
}

/**
 * Why the copy of a module `terraform init` installed is not the one a call asks for, or undefined when it is: the
 * source changed, or the version constraint no longer allows the installed version (Terraform then refuses to plan:
 * "Module source has changed", "Module version requirements have changed").
 */
export function staleInstall(installed: InstalledModule, source: string, call: Block): string | undefined {
  if (!sameSource(installed.source, source)) return `comes from '${source}', but the copy \`terraform init\` installed was from '${installed.source}'`;
  const version = attribute(call.body, 'version')?.value;
  if (installed.version && version?.k === 'str' && !moduleVersionAllows(version.value, installed.version)) {
    return `asks for version '${version.value}', but \`terraform init\` installed ${installed.version}`;
  }
  return undefined;
}

/**
 * Whether a call's `source` is the one a module was installed from. Terraform records the address it normalised
 * (`registry.terraform.io/Azure/avm-res-storage-storageaccount/azurerm`, `git::https://github.com/org/repo.git?ref=v1`)
 * and older releases the address as written (`github.com/org/repo?ref=v1`): both sides are compared in one form.
 */
export function sameSource(installed: string, written: string): boolean {
  return comparable(installed) === comparable(written);
}

function comparable(source: string): string {
  const [address, query = ''] = source.trim().split(/\?(.*)/s, 2);
  const plain = address
    .replace(/^[a-z0-9]+::/i, '')
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    // `git@github.com:org/repo`, the scp-like form Terraform reads as `ssh://git@github.com/org/repo`.
    .replace(/^[^@/:]+@([^/:]+):(?!\d+\/)/, '$1/')
    .replace(/^[^@/]+@/, '')
    // The default registry of Terraform and of OpenTofu, which each writes out in what it installs.
    .replace(/^registry\.(?:terraform\.io|opentofu\.org)\//i, '')
    .replace(/\.git(?=\/\/|\/?$)/i, '')
    .replace(/\/+$/, '');
  // A registry address and a host name are not case-sensitive; a path in a repository and a ref are.
  const [pkg, sub] = plain.split(/(?<!:)\/\/(.*)/s, 2);
  return `${pkg.toLowerCase()}${sub ? `//${sub}` : ''}${query ? `?${query}` : ''}`;
}
