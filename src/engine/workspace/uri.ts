/**
 * Document URIs: `file:///…` strings. Relative references in templates (module paths, `metadata.template`,
 * `using` lines) resolve against the referring document's URI.
 */

/** The URI a relative path (or a `file:` URI) refers to from a document, or undefined for a remote reference. */
export function resolveUri(fromUri: string, relative: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(relative) && !/^(file:|[a-z]:[\\/])/i.test(relative)) return undefined;
  try {
    return new URL(relative.replace(/\\/g, '/'), fromUri).toString();
  } catch {
    return undefined;
  }
}

/**
 * Folders that tools fill and own: packages, version control, and what `terraform init` downloads. A scan does not
 * walk them, and no fix edits a file in them, since the next install replaces it; modules installed there are still
 * read when a configuration calls them.
 */
export const TOOL_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git', '.terraform']);

const IN_TOOL_FOLDER = new RegExp(`/(?:${[...TOOL_FOLDERS].map((f) => f.replace(/\./g, '\\.')).join('|')})/`);

/**
 * A module in Bicep's cache (`formats/bicep/registry-cache.ts`), known by the cache's layout wherever its root is:
 * `…/br/<registry>/<repository>/<tag>$<mask>/main.json`, or `…/sha256#<digest>/main.json` (no tag has `$` or `#`), or
 * a template spec's `…/ts/<subscription GUID>/<group>/<name>/<version>/main.json`, as a URI or as a path.
 */
const IN_BICEP_CACHE = /\/br\/[^/]+\/[^/]+\/[^/]*(?:(?:\$|%24)[0-9a-f]*|(?:#|%23)[0-9a-f]+)\/main\.json$/i;
const IN_TEMPLATE_SPEC_CACHE = /\/ts\/(?:[({]|%28|%7b)?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}(?:[)}]|%29|%7d)?\/[^/]+\/[^/]+\/[^/]+\/main\.json$/i;

/** Whether a URI is that of a template spec version in Bicep's cache. */
export function inTemplateSpecCache(uri: string): boolean {
  return IN_TEMPLATE_SPEC_CACHE.test(uri);
}

/** Which tool owns a file: one of {@link TOOL_FOLDERS}, or Bicep for a module it restored into its cache. */
export function toolOwning(uri: string): 'bicep' | 'folder' | undefined {
  return IN_BICEP_CACHE.test(uri) || inTemplateSpecCache(uri) ? 'bicep' : IN_TOOL_FOLDER.test(uri) ? 'folder' : undefined;
}

/** Whether a tool owns a file: it lies in a {@link TOOL_FOLDERS} folder, or in Bicep's module cache. */
export function inToolFolder(uri: string): boolean {
  return toolOwning(uri) !== undefined;
}

/** The file name of a URI. */
export function baseName(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
}

/** The folder URI of a document, with a trailing slash. */
export function folderOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

/**
 * The nearest folder above a folder URI (both with a trailing slash) that `has`, if any: where a file kept in a
 * folder of its own (`parameters/`, `environments/prod/`) finds what it belongs to.
 */
export function nearestFolderAbove(folder: string, has: (folder: string) => boolean): string | undefined {
  for (let below = folder, at = parentFolder(folder); at !== below; below = at, at = parentFolder(at)) {
    if (has(at)) return at;
  }
  return undefined;
}

/** The folder URI that holds a folder URI (both with a trailing slash). */
export function parentFolder(folder: string): string {
  return folderOf(folder.slice(0, -1));
}

/** The scheme of the synthetic documents of deployed resources (`azure:///subscriptions/…`). */
const LIVE_SCHEME = 'azure://';

/** The URI of the synthetic document that holds a deployed resource's JSON. */
export function liveDocumentUri(resourceId: string): string {
  return `${LIVE_SCHEME}${resourceId}`;
}

/** The resource ID a live document's URI stands for, or undefined for a file URI. */
export function resourceIdOfUri(uri: string): string | undefined {
  return uri.startsWith(LIVE_SCHEME) ? uri.slice(LIVE_SCHEME.length) : undefined;
}
