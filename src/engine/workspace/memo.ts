import type { WorkspaceFiles } from './document';

/** A cache a memoised function keeps its values in. */
interface Cache<K, T> {
  has(key: K): boolean;
  get(key: K): T | undefined;
  set(key: K, value: T): unknown;
}

function memoisedIn<K, T>(cache: Cache<K, T>, compute: (key: K) => T): (key: K) => T {
  return (key) => {
    if (cache.has(key)) return cache.get(key) as T;
    const value = compute(key);
    cache.set(key, value);
    return value;
  };
}

/**
 * Facts derived from one parsed document (the files it references, what it declares) are asked for at every
 * analysis; a document object stands for one version of its file, so they are computed once per version.
 */
export function perDocument<D extends object, T>(compute: (doc: D) => T): (doc: D) => T {
  return memoisedIn(new WeakMap<D, T>(), compute);
}

/** A function computed once per key for as long as the function is kept (one analysis's choice of roots, say). */
export function perKey<K, T>(compute: (key: K) => T): (key: K) => T {
  return memoisedIn(new Map<K, T>(), compute);
}

/** The values of views of the files that keep none of their own (a view a test makes), for as long as the view. */
const VIEW_VALUES = new WeakMap<WorkspaceFiles, Map<object, unknown>>();

/**
 * A value computed once per view of the files, that is once per analysis (the module folders it read, its pairing of
 * parameter files): kept by the view, and let go with what the view lets go (see `WorkspaceFiles.memo`).
 */
export function perView<T>(files: WorkspaceFiles, key: object, make: () => T): T {
  if (files.memo) return files.memo(key, make);
  let values = VIEW_VALUES.get(files);
  if (!values) VIEW_VALUES.set(files, (values = new Map()));
  if (!values.has(key)) values.set(key, make());
  return values.get(key) as T;
}
