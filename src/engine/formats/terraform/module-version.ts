/**
 * Whether an installed module's version meets a module call's `version` constraint, as Terraform checks it before it
 * uses the copy `terraform init` installed: with hashicorp/go-version (`version.Constraints.Check`), whose rules
 * differ from the ones provider versions follow (`mapping/provider-version.ts`). A constraint is a comma-separated
 * list of `=`, `!=`, `>`, `>=`, `<`, `<=` or `~>` and a version; every one must hold. A pre-release version
 * (`1.2.3-rc.1`) meets an ordered constraint only if it names a pre-release of the same release, and `~>` fixes every part the
 * constraint writes but the last (`~> 1` allows every later major, `~> 1.2` the later 1.x, `~> 1.2.3` the later
 * 1.2.x).
 */

interface ModuleVersion {
  /** Major, minor, patch: a part left out is 0. */
  readonly parts: readonly [number, number, number];
  /** How many parts were written (for `~>`). */
  readonly written: number;
  readonly pre: string;
}

const VERSION = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

function parseVersion(text: string): ModuleVersion | undefined {
  const m = VERSION.exec(text.trim());
  if (!m) return undefined;
  const written = m[3] !== undefined ? 3 : m[2] !== undefined ? 2 : 1;
  return { parts: [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)], written, pre: m[4] ?? '' };
}

/** Semantic-version order: a release after its pre-releases, pre-release identifiers numeric before alphanumeric. */
function compare(a: ModuleVersion, b: ModuleVersion): number {
  for (let i = 0; i < 3; i++) if (a.parts[i] !== b.parts[i]) return a.parts[i] - b.parts[i];
  if (a.pre === b.pre) return 0;
  if (!a.pre) return 1;
  if (!b.pre) return -1;
  const x = a.pre.split('.');
  const y = b.pre.split('.');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    const [nx, ny] = [/^\d+$/.test(x[i]), /^\d+$/.test(y[i])];
    if (nx && ny) return Number(x[i]) - Number(y[i]);
    if (nx !== ny) return nx ? -1 : 1;
    return x[i] < y[i] ? -1 : 1;
  }
  return x.length - y.length;
}

const sameRelease = (a: ModuleVersion, b: ModuleVersion) => a.parts.every((p, i) => p === b.parts[i]);

function meets(v: ModuleVersion, op: string, c: ModuleVersion): boolean {
  const order = compare(v, c);
  if (op === '=') return order === 0;
  if (op === '!=') return order !== 0;
  // Ordered, a pre-release meets only a constraint on a pre-release of the same release.
  if (v.pre && (!c.pre || !sameRelease(v, c))) return false;
  switch (op) {
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    default: {
      // `~>`: at least the constraint, with the same parts up to the one before its last written part.
      if (order < 0 || (c.pre && !v.pre)) return false;
      for (let i = 0; i < c.written - 1; i++) if (v.parts[i] !== c.parts[i]) return false;
      return true;
    }
  }
}

/** Whether `version` meets `constraint`; false for a constraint or version Terraform could not read. */
export function moduleVersionAllows(constraint: string, version: string): boolean {
  const v = parseVersion(version);
  if (!v) return false;
  return constraint.split(',').every((part) => {
    const m = /^\s*(~>|>=|<=|!=|=|>|<)?\s*(\S+)\s*$/.exec(part);
    const c = m && parseVersion(m[2]);
    return !!c && meets(v, m[1] ?? '=', c);
  });
}
