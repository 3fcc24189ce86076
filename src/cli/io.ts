/**
 * The CLI's contact with its environment, injectable so tests can run commands in-process.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { WorkspaceHost } from '../engine/workspace/workspace';

export interface Io {
  readonly cwd: string;
  readonly color: boolean;
  /** Whether stderr is a terminal, where long operations show their progress. */
  readonly interactive?: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Reads files the analysis needs beyond those scanned (modules and templates outside the scanned folder). */
export const nodeHost: WorkspaceHost = {
  readFile(uri) {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return readFileSync(fileURLToPath(uri), 'utf8');
    } catch {
      return undefined;
    }
  },
  listFolder(uri) {
    if (!uri.startsWith('file:')) return undefined;
    try {
      const dir = fileURLToPath(uri);
      return readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => pathToFileURL(path.join(dir, e.name)).toString());
    } catch {
      return undefined;
    }
  },
  homeFolder: homeFolderUri(),
};

function homeFolderUri(): string | undefined {
  const home = homedir();
  return home ? pathToFileURL(path.join(home, '/')).toString() : undefined;
}

/** Displays file URIs as paths relative to the working directory, with forward slashes. */
export function displayPathFor(cwd: string): (uri: string) => string {
  return (uri) => {
    if (!uri.startsWith('file:')) return uri;
    const rel = path.relative(cwd, fileURLToPath(uri));
    return rel.split(path.sep).join('/');
  };
}
