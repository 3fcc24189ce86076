/**
 * Reuse of a root module's resource drafts from its previous evaluation, so that typing in one block of a large
 * module re-evaluates that block and what reads it, not the whole module.
 *
 * A draft is reused when its resource block is the same syntax node (the parser reuses the nodes of the top-level
 * items an edit did not touch) and so is every declaration it can read: the variables, local values and resources
 * its expressions name, closed over what those name in turn. What an expression can read is found from its
 * syntax (every `a.b` traversal), which may name more than evaluation reads but never less. A name in a
 * reference cycle is never reused: what a cycle evaluates to depends on where evaluation entered it. Anything else
 * an evaluation reads — the tfvars files, the lock file, the provider constraint — must be unchanged for any draft
 * to be reused, and a module with module calls is always evaluated in full. Reused drafts are moved onto the
 * current text (see `rebase.ts`), so the result is the one evaluating from scratch gives.
 */
import type { SourceText } from '../../model/span';
import type { Evaluation } from '../evaluation';
import { changedRange } from '../changed-range';
import type { TerraformDocument } from './document';
import type { Decl, ModuleDecls } from './module';
import { configurationOf } from './providers';
import { Rebase, type Shift } from './rebase';
import { visitExprs } from './references';
import type { KeptDraft } from './resources';
import type { Attribute, Block, Body, Expr } from './syntax';
import { sameItems } from '../../model/grouping';

/**
 * The most edits a draft is moved across before it is evaluated again: a reused draft keeps the text it was
 * evaluated from (its values are read lazily), so this bounds the old versions kept alive.
 */
const MAX_MOVES = 16;

/** What one evaluation of a root module was made from, and its drafts. */
export interface KeptEvaluation {
  readonly inputs: EvaluationInputs;
  readonly drafts: ReadonlyMap<string, KeptDraft>;
}

/** Besides the module's declarations, what its evaluation reads. */
export interface EvaluationInputs {
  readonly decls: ModuleDecls;
  readonly tfvars: readonly TerraformDocument[];
  readonly lock: TerraformDocument | undefined;
  readonly constraint: string | undefined;
}

const kept = new WeakMap<Evaluation, KeptEvaluation>();

/** A draft that may be reused: as it is, or (with `rebase`) moved by the edits since it was evaluated. */
export interface EarlierDraft {
  readonly kept: KeptDraft;
  readonly rebase?: Rebase;
}

/** The drafts an evaluation will reuse and the drafts it keeps for the next one. */
export class DraftReuse {
  readonly kept = new Map<string, KeptDraft>();

  constructor(private readonly earlierOf?: (address: string) => EarlierDraft | undefined) {}

  /** The earlier draft of a resource, or undefined when it must be evaluated again. */
  earlier(address: string): EarlierDraft | undefined {
    return this.earlierOf?.(address);
  }

  /** Records, for the next evaluation, the evaluation's own draft of this address. */
  keep(address: string, draft: KeptDraft): void {
    this.kept.set(address, draft);
  }

  /** Remembers what `evaluation` was made from. */
  remember(evaluation: Evaluation, inputs: EvaluationInputs): void {
    // A module call's resources are evaluated with its arguments: such units are always evaluated in full.
    if (!inputs.decls.modules.size) kept.set(evaluation, { inputs, drafts: this.kept });
  }
}

/** The reuse for an evaluation with these inputs, following `previous` (the unit's last evaluation). */
export function draftReuse(previous: Evaluation | undefined, now: EvaluationInputs): DraftReuse {
  const before = previous && kept.get(previous);
  if (!before || !sameOtherInputs(before.inputs, now)) return new DraftReuse();
  const edits = documentEdits(before.inputs.decls, now.decls);
  const names = nameStates(before.inputs.decls, now.decls, edits);
  const moved = new Map<Rebase, Rebase>();
  return new DraftReuse((address) => {
    const earlier = before.drafts.get(address);
    const state = earlier && names(address);
    if (!state || state === 'dirty') return undefined;
    if (state === 'still') return { kept: earlier };
    let rebase = moved.get(earlier.rebase);
    if (!rebase) moved.set(earlier.rebase, (rebase = earlier.rebase.then(edits.shifts, edits.sources)));
    return rebase.depth > MAX_MOVES ? undefined : { kept: earlier, rebase };
  });
}

function sameOtherInputs(a: EvaluationInputs, b: EvaluationInputs): boolean {
  return (
    !a.decls.modules.size &&
    !b.decls.modules.size &&
    a.lock === b.lock &&
    a.constraint === b.constraint &&
    sameItems(a.tfvars, b.tfvars)
  );
}

interface DocumentEdits {
  /** The edit of each document whose text changed. */
  readonly shifts: ReadonlyMap<string, Shift>;
  /** The current text of those documents. */
  readonly sources: ReadonlyMap<string, SourceText>;
}

function documentEdits(before: ModuleDecls, now: ModuleDecls): DocumentEdits {
  const old = new Map(before.documents.map((d) => [d.uri, d]));
  const shifts = new Map<string, Shift>();
  const sources = new Map<string, SourceText>();
  for (const doc of now.documents) {
    const prev = old.get(doc.uri);
    if (!prev || prev === doc || prev.source.text === doc.source.text) continue;
    const range = changedRange(prev.source.text, doc.source.text);
    shifts.set(doc.uri, { start: range.start, oldEnd: range.oldEnd, delta: range.newEnd - range.oldEnd });
    sources.set(doc.uri, doc.source);
  }
  return { shifts, sources };
}

/**
 * How a name (`var.x`, `local.x` or a resource address) evaluates now: `dirty` when its declaration changed,
 * appeared or went, or it reads such a name, or it is part of a reference cycle (whose values depend on the order
 * of evaluation); else `moved` when it reads a declaration that an edit moved, else `still`.
 */
function nameStates(before: ModuleDecls, now: ModuleDecls, edits: DocumentEdits): (name: string) => NameState {
  const states = new Map<string, NameState | 'visiting'>();
  const visit = (name: string): NameState => {
    const known = states.get(name);
    if (known !== undefined) return known === 'visiting' ? 'dirty' : known;
    const was = declaration(before, name);
    const is = declaration(now, name);
    if (!was && !is) {
      states.set(name, 'still');
      return 'still';
    }
    const placed = was && is && was.node === is.node ? placement(was, is, edits) : 'dirty';
    if (placed === 'dirty') {
      states.set(name, placed);
      return placed;
    }
    states.set(name, 'visiting');
    let state: NameState = placed;
    for (const dep of namesRead(is!.node, name)) {
      // A variable's validation names the variable itself, which evaluation does not follow.
      if (dep === name && name.startsWith('var.')) continue;
      const s = visit(dep);
      if (s === 'dirty' || state === 'still') state = s;
    }
    states.set(name, state);
    return state;
  };
  return visit;
}

type NameState = 'still' | 'moved' | 'dirty';

function declaration(decls: ModuleDecls, name: string): Decl<Block | Attribute> | undefined {
  if (name.startsWith('var.')) return decls.variables.get(name.slice(4));
  if (name.startsWith(PROVIDER)) return decls.providers.get(name.slice(PROVIDER.length));
  if (name.startsWith('local.')) return decls.locals.get(name.slice(6));
  return decls.resources.get(name);
}

/** Where an unchanged declaration is now: where it was, moved by its document's edit, or (`dirty`) elsewhere. */
function placement(was: Decl<Block | Attribute>, is: Decl<Block | Attribute>, edits: DocumentEdits): NameState {
  if (was.doc.uri !== is.doc.uri) return 'dirty';
  const shift = edits.shifts.get(is.doc.uri);
  if (!shift) return was.site.base === is.site.base ? 'still' : 'dirty';
  const start = was.site.base + was.node.s;
  const end = was.site.base + was.node.e;
  if (end < shift.start) return is.site.base === was.site.base ? 'still' : 'dirty';
  if (start > shift.oldEnd) return is.site.base === was.site.base + shift.delta ? 'moved' : 'dirty';
  return 'dirty';
}

const namesCache = new WeakMap<object, readonly string[]>();

/** The name under which a provider configuration is read, apart from the names expressions use. */
const PROVIDER = 'provider ';

/**
 * Every `a.b` an item's expressions start with: `var.x`, `local.x`, resource addresses (and harmless others); for
 * a resource, also the provider configuration it uses, which azapi's default location is read from.
 */
function namesRead(node: Block | Attribute, name: string): readonly string[] {
  let names = namesCache.get(node);
  if (!names) {
    const out = new Set<string>();
    if (node.k === 'block') bodyNames(node.body, out);
    else exprNames(node.value, out);
    if (node.k === 'block' && !name.startsWith('var.') && !name.startsWith(PROVIDER)) out.add(PROVIDER + configurationOf(node));
    namesCache.set(node, (names = [...out]));
  }
  return names;
}

function bodyNames(body: Body, out: Set<string>): void {
  for (const item of body.items) {
    if (item.k === 'attribute') exprNames(item.value, out);
    else bodyNames(item.body, out);
  }
}

function exprNames(e: Expr, out: Set<string>): void {
  visitExprs(e, (node) => {
    if (node.k === 'attr' && node.obj.k === 'var') {
      out.add(`${node.obj.name}.${node.name}`);
      return true;
    }
    if (node.k === 'splat') for (const step of node.steps) if ('index' in step) exprNames(step.index, out);
    return false;
  });
}
