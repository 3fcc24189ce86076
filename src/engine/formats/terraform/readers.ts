/**
 * Terraform and OpenTofu read a module folder's configuration files differently (OpenTofu's "Files and Directories",
 * Extension Precedence): OpenTofu also reads `.tofu` and `.tofu.json` files and, where `x.tofu` and `x.tf` (or
 * `x.tofu.json` and `x.tf.json`) are both there, only the `.tofu` one; Terraform reads no `.tofu` file. Which tool
 * deploys a module is decided where it runs, so a module folder with a `.tofu` file is checked as each reads it.
 */
export type Reader = 'terraform' | 'opentofu';

const TOFU = /\.tofu(\.json)?$/;

export function isTofuFile(uri: string): boolean {
  return TOFU.test(uri);
}

/** The configuration files of one folder that a tool reads. */
export function filesReadBy<T extends { readonly uri: string }>(reader: Reader, files: readonly T[]): T[] {
  if (reader === 'terraform') return files.filter((f) => !isTofuFile(f.uri));
  const shadowed = new Set(files.filter((f) => isTofuFile(f.uri)).map((f) => f.uri.replace(TOFU, '.tf$1')));
  return files.filter((f) => !shadowed.has(f.uri));
}

/** The tool whose reading of its module a configuration file's fixes follow: OpenTofu's for a `.tofu` file. */
export function readerOf(uri: string): Reader {
  return isTofuFile(uri) ? 'opentofu' : 'terraform';
}

export const READERS: readonly Reader[] = ['terraform', 'opentofu'];
