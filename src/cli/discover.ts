/**
 * Finds the files to check under the paths given on the command line: folders are walked recursively, skipping the
 * folders tools own (`node_modules`, `.git`, `.terraform`, a Bicep module cache) and the configured exclusions; symbolic links are followed
 * once (a link back into a folder already walked is skipped, so loops end).
 */
import { promises as fs, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { isExcluded } from '../engine/workspace/glob';
import { inToolFolder, TOOL_FOLDERS } from '../engine/workspace/uri';

export interface Discovery {
  readonly files: string[];
  /** Paths passed over, with the reason, for the report. */
  readonly skipped: { path: string; reason: string }[];
}

export interface DiscoverOptions {
  /** Whether a file name may be an infrastructure file (cheap filter by name). */
  readonly accepts: (file: string) => boolean;
  readonly exclude: readonly RegExp[];
  /** The folder exclusion patterns are relative to. */
  readonly base: string;
}

export async function discover(roots: readonly string[], opts: DiscoverOptions): Promise<Discovery> {
  const files = new Set<string>();
  const skipped: Discovery['skipped'] = [];
  const seenDirs = new Set<string>();

  const excluded = (p: string) => {
    const rel = path.relative(opts.base, p);
    return !rel.startsWith('..') && rel !== '' && isExcluded(rel, opts.exclude);
  };

  /**
   * `real` is the folder's path with every symbolic link resolved: its parent's with its name appended, unless it
   * was reached through a link. Asking the system for it at every folder (which checks every component of the path)
   * took a third of the walk of a deep tree.
   */
  async function walk(dir: string, root: string, real?: string): Promise<void> {
    if (real === undefined) {
      try {
        real = await fs.realpath(dir);
      } catch (e) {
        skipped.push({ path: dir, reason: (e as Error).message });
        return;
      }
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (e) {
      skipped.push({ path: dir, reason: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: { path: string; real?: string }[] = [];
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (TOOL_FOLDERS.has(entry.name) || excluded(full)) continue;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const st = await fs.stat(full);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          skipped.push({ path: full, reason: 'is a broken symbolic link' });
          continue;
        }
      }
      if (isDir) subdirs.push({ path: full, real: entry.isSymbolicLink() ? undefined : path.join(real, entry.name) });
      // Below the folder given: a folder given may itself lie in a tool's folder (a package, an installed module).
      else if (opts.accepts(full) && !inToolFolder(`/${path.relative(root, full).split(path.sep).join('/')}`)) {
        if (isFile) files.add(full);
        else skipped.push({ path: full, reason: 'is not a regular file' });
      }
    }
    await Promise.all(subdirs.map((d) => walk(d.path, root, d.real)));
  }

  for (const root of roots) {
    const abs = path.resolve(root);
    let st;
    try {
      st = await fs.stat(abs);
    } catch {
      throw new Error(`${root}: no such file or folder`);
    }
    if (st.isDirectory()) await walk(abs, abs);
    else if (opts.accepts(abs)) files.add(abs);
    else skipped.push({ path: abs, reason: 'is not a Bicep, ARM JSON or Terraform file' });
  }
  return { files: [...files].sort(), skipped };
}
