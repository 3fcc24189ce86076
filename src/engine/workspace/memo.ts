/**
 * Facts derived from one parsed document (the files it references, what it declares) are asked for at every
 * analysis; a document object stands for one version of its file, so they are computed once per version.
 */
export function perDocument<D extends object, T>(compute: (doc: D) => T): (doc: D) => T {
  const cache = new WeakMap<D, T>();
  return (doc) => {
    if (cache.has(doc)) return cache.get(doc) as T;
    const value = compute(doc);
    cache.set(doc, value);
    return value;
  };
}
