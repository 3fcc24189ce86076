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

/** A folder to walk, with its path with every symbolic link resolved. */
interface Folder {
  readonly path: string;
  readonly real: string;
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
   * Walks the folders under a root: first those reached without a symbolic link, then the folders the links found
   * there lead to, and so on. A folder several links reach is walked once, under the link first in sorted order, and
   * one that is also reached without a link under that path, so that a scan names its files the same way every time,
   * however quickly the system answers.
   */
  async function walk(root: string): Promise<void> {
    let links = [root];
    while (links.length) {
      links.sort();
      const reals = await Promise.all(links.map(realPath));
      const claimed: Folder[] = [];
      links.forEach((link, i) => {
        const real = reals[i];
        if (real === undefined || seenDirs.has(real)) return;
        seenDirs.add(real);
        claimed.push({ path: link, real });
      });
      const found: string[] = [];
      await Promise.all(claimed.map((d) => walkTree(d, root, found)));
      links = found;
    }
  }

  async function realPath(dir: string): Promise<string | undefined> {
    try {
      return await fs.realpath(dir);
    } catch (e) {
      skipped.push({ path: dir, reason: (e as Error).message });
      return undefined;
    }
  }

  /**
   * Takes a folder's files, walks the folders in it that are not links, and adds the links to folders to `links`.
   * A folder's path with every symbolic link resolved is its parent's with its name appended: asking the system for
   * it at every folder (which checks every component of the path) took a third of the walk of a deep tree.
   */
  async function walkTree(dir: Folder, root: string, links: string[]): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir.path, { withFileTypes: true });
    } catch (e) {
      skipped.push({ path: dir.path, reason: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
      return;
    }
    const subdirs: Folder[] = [];
    for (const entry of entries) {
      const full = path.join(dir.path, entry.name);
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
        if (isDir) {
          links.push(full);
          continue;
        }
      }
      const real = path.join(dir.real, entry.name);
      if (isDir && !seenDirs.has(real)) {
        seenDirs.add(real);
        subdirs.push({ path: full, real });
      }
      // Below the folder given: a folder given may itself lie in a tool's folder (a package, an installed module).
      else if (!isDir && opts.accepts(full) && !inToolFolder(`/${path.relative(root, full).split(path.sep).join('/')}`)) {
        if (isFile) files.add(full);
        else skipped.push({ path: full, reason: 'is not a regular file' });
      }
    }
    await Promise.all(subdirs.map((d) => walkTree(d, root, links)));
  }

  for (const root of roots) {
    const abs = path.resolve(root);
    let st;
    try {
      st = await fs.stat(abs);
    } catch {
      throw new Error(`${root}: no such file or folder`);
    }
    if (st.isDirectory()) await walk(abs);
    else if (opts.accepts(abs)) files.add(abs);
    else skipped.push({ path: abs, reason: 'is not a Bicep, ARM JSON or Terraform file' });
  }
  return { files: [...files].sort(), skipped: skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
}
