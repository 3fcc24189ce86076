/**
 * Which azurerm version a configuration runs with: the version pinned in `.terraform.lock.hcl` when the folder has
 * one, else the newest major version the `required_providers` constraint allows (what `terraform init` installs
 * without a lock file), else the newest major the table knows.
 */
import { AZURERM, compare, parse } from './table';

/** A version, or a major version with every later release of it (`[3, Infinity]`). */
export type ProviderVersion = readonly number[];

export function providerVersion(constraint: string | undefined, locked: string | undefined): ProviderVersion {
  if (locked && /^\d+\.\d+\.\d+$/.test(locked.trim())) return parse(locked.trim());
  const majors = AZURERM.providerMajors;
  const newest = majors[majors.length - 1];
  if (!constraint) return [newest, Infinity];
  const parts = constraint.split(',').map((p) => p.trim()).filter(Boolean);
  for (const major of [...majors].reverse()) {
    if (parts.every((p) => majorAllows(major, p))) return [major, Infinity];
  }
  return [newest, Infinity];
}

/** Whether some release of a major version satisfies one constraint (`~> 3.0`, `>= 3.1`, `< 4.0`, `= 3.2.1`, …). */
function majorAllows(major: number, part: string): boolean {
  const m = /^(~>|>=|<=|!=|=|>|<)?\s*v?(\d+(?:\.\d+)*)/.exec(part);
  if (!m) return true;
  const op = m[1] ?? '=';
  const v = parse(m[2]);
  const segments = m[2].split('.').length;
  const lowest = [major, 0, 0];
  const highest = [major, Infinity, Infinity];
  switch (op) {
    case '=':
      return v[0] === major;
    case '!=':
      return true;
    case '>':
    case '>=':
      return compare(highest, v) >= 0;
    case '<':
      return compare(lowest, v) < 0;
    case '<=':
      return compare(lowest, v) <= 0;
    case '~>':
      // `~> 3` allows 3 and later; `~> 3.1` and `~> 3.1.2` allow only later releases of 3.
      return segments === 1 ? major >= v[0] : major === v[0];
  }
  return true;
}
