/**
 * Which azurerm version a configuration runs with: the version pinned in `.terraform.lock.hcl` when the folder has
 * one, else the newest release the `required_providers` constraint allows (what `terraform init` installs without a
 * lock file), else the newest release of the newest major the table knows, which stands for the newest release there
 * is.
 */
import { AZURERM, compare, parse } from './table';

/**
 * A version; `Infinity` in a place stands for the newest release there: `[3, Infinity]` is the newest 3.x,
 * `[4, 1, Infinity]` the newest 4.1.x.
 */
export type ProviderVersion = readonly number[];

type Version = readonly [number, number, number];

export function providerVersion(constraint: string | undefined, locked: string | undefined): ProviderVersion {
  if (locked && /^\d+\.\d+\.\d+$/.test(locked.trim())) return parse(locked.trim());
  const majors = AZURERM.providerMajors;
  const newest: Version = [majors[majors.length - 1], Infinity, Infinity];
  return short((constraint && newestAllowed(constraint, newest)) || newest);
}

/**
 * The newest version every condition (`~> 3.0`, `>= 3.1`, `< 4.0`, `= 3.2.1`, …) allows, no newer than `newest`
 * unless the conditions demand a later major; undefined when no version satisfies them all. Conditions read as
 * Terraform reads them (apparentlymart/go-versions, `constraints.ParseRubyStyleMulti` and
 * `versions.MeetingConstraints`): a part left out is 0, `~> 3` and `~> 3.1` allow the later releases of 3 only,
 * `~> 3.1.2` those of 3.1.
 */
function newestAllowed(constraint: string, newest: Version): Version | undefined {
  let high: Version = [Infinity, Infinity, Infinity];
  let low: Version = [0, 0, 0];
  let lowIncluded = true;
  const below = (v: Version) => {
    if (compare(v, high) < 0) high = v;
  };
  const above = (v: Version, included: boolean) => {
    const c = compare(v, low);
    if (c > 0 || (c === 0 && !included)) [low, lowIncluded] = [v, included];
  };
  for (const part of constraint.split(',').map((p) => p.trim())) {
    const m = /^(~>|>=|<=|!=|=|>|<)?\s*v?(\d+(?:\.\d+){0,2})(?:[-+][0-9A-Za-z.+-]*)?$/.exec(part);
    if (!m) continue;
    const op = m[1] ?? '=';
    const segments = m[2].split('.').map(Number);
    const v: Version = [segments[0], segments[1] ?? 0, segments[2] ?? 0];
    switch (op) {
      case '=':
        below(v);
        above(v, true);
        break;
      case '>=':
      case '>':
        above(v, op === '>=');
        break;
      case '<=':
        below(v);
        break;
      case '<': {
        const previous = before(v);
        if (!previous) return undefined;
        below(previous);
        break;
      }
      case '~>':
        above(v, true);
        below(segments.length < 3 ? [v[0], Infinity, Infinity] : [v[0], v[1], Infinity]);
        break;
    }
  }
  const fits = (v: Version) => compare(v, low) > 0 || (compare(v, low) === 0 && lowIncluded);
  if (!fits(high)) return undefined;
  if (compare(high, newest) <= 0) return high;
  if (fits(newest)) return newest;
  return compare(high, [low[0], Infinity, Infinity]) < 0 ? high : [low[0], Infinity, Infinity];
}

/** The version just before `v` (`4.0.0` → the newest 3.x), or undefined before `0.0.0`. */
function before([major, minor, patch]: Version): Version | undefined {
  if (patch > 0) return [major, minor, patch - 1];
  if (minor > 0) return [major, minor - 1, Infinity];
  if (major > 0) return [major - 1, Infinity, Infinity];
  return undefined;
}

/** `[3, Infinity, Infinity]` → `[3, Infinity]`. */
function short(v: Version): ProviderVersion {
  const out: number[] = [...v];
  while (out.length > 1 && out[out.length - 1] === Infinity && out[out.length - 2] === Infinity) out.pop();
  return out;
}
