/**
 * What a rule is: metadata (which also generates its documentation page, the SARIF rule entry and the
 * configuration schema) and a check over the model. Rules never see the file format (DESIGN invariant 3).
 */
import type { ResourceChange, SettingSpelling } from '../model/change';
import type { Fix, RelatedLocation, Severity, TextEdit } from '../model/finding';
import type { Resource } from '../model/resource';
import type { Span } from '../model/span';
import type { InputRef, Scalar, ScalarPossibility } from '../model/value';
import type { RegionPolicy } from '../regions/profiles';

/** Bad and good examples of a rule, one snippet per format. */
export interface RuleExamples {
  readonly bicep?: string;
  readonly arm?: string;
  readonly terraform?: string;
}

export interface RuleMeta {
  /** Stable id: SARIF `ruleId`, suppressions and settings use it. */
  readonly id: string;
  readonly title: string;
  readonly defaultSeverity: Severity;
  /** One sentence: what the rule reports. */
  readonly description: string;
  /** Why it matters and how to fix it (Markdown). */
  readonly help: string;
  /** GUIDs of the Azure Policy built-in definitions the rule mirrors (from `data/policies.json`). */
  readonly policies: readonly string[];
  /** ARM types the rule looks at; empty when it applies to every type. */
  readonly resourceTypes: readonly string[];
  /** Whether the rule offers fixes. */
  readonly fixable: boolean;
  /**
   * Whether the rule cannot be turned off (`off` is a configuration error): what it reports is never a matter of the
   * program's choice. Its level can still change, and one finding can still be suppressed with a reason.
   */
  readonly alwaysOn?: boolean;
  readonly examples?: { readonly bad: RuleExamples; readonly good: RuleExamples };
}

/** A finding as a rule reports it; the engine adds the rule id, the configured severity and suppressions. */
export interface FindingDraft {
  readonly span: Span;
  readonly message: string;
  readonly related?: readonly RelatedLocation[];
  /**
   * The fixes, or a function that computes them when a report or an editor first asks: a fix that writes a
   * resource's configuration costs more than finding what is missing, and most findings are never fixed.
   */
  readonly fixes?: readonly Fix[] | (() => readonly Fix[]);
  readonly resources?: readonly string[];
  /**
   * Where the rule found it, when the workspace moved it out of a file a tool owns into the user's code: findings
   * moved to one place from different places stay apart.
   */
  readonly movedFrom?: Span;
}

/**
 * Builds text edits in the syntax of whichever file a span lies in, and names settings as that file writes them,
 * so that rules can offer fixes and word messages without knowing the format.
 */
export interface EditFactory {
  /** Replaces a literal possibility (one with `literal` set) by a literal written the same way. */
  replaceLiteral(p: ScalarPossibility, value: Scalar): TextEdit | undefined;
  /** Restricts an input (a parameter or variable) to a list of allowed strings. */
  restrictInput(input: InputRef, values: readonly string[]): TextEdit[] | undefined;
  /**
   * Sets properties of a resource at ARM paths, in the syntax of the file that declares it, declaring the new
   * inputs the values refer to. Undefined when the declaration cannot take the change (a body built by an
   * expression, a live resource).
   */
  configure(resource: Resource, change: ResourceChange): TextEdit[] | undefined;
  /**
   * The setting at an ARM path of a resource — or of its child resource of type `child` — and a value there, as the
   * file that declares the resource writes them.
   */
  spell(resource: Resource, path: string, value?: Scalar, child?: string): SettingSpelling;
  /** An ARM type as the file that declares the resource names such resources (`azurerm_key_vault_key`). */
  spellType(resource: Resource, type: string): string;
  /**
   * Stands for how the file that declares a resource spells its settings and types: while it is the same object,
   * `spell` and `spellType` give the same answers for the resource, so that text worded from them can be kept.
   */
  spellings(resource: Resource): object;
}

/** Looks resources up across the whole workspace, for rules that follow references between resources. */
export interface ResourceIndex {
  byKey(key: string): Resource | undefined;
  ofType(type: string): readonly Resource[];
  /**
   * A table derived from the whole index, built by `compute` once per index and kept under `key` (the function
   * that builds it, or a name), so that each unit's check does not build it again.
   */
  derived<T>(key: object | string, compute: () => T): T;
}

export interface RuleContext {
  /** The resources of the unit being checked (one template with its inputs, or one Terraform module). */
  readonly resources: readonly Resource[];
  readonly index: ResourceIndex;
  readonly policy: RegionPolicy;
  readonly edits: EditFactory;
  report(finding: FindingDraft): void;
}

export interface Rule {
  readonly meta: RuleMeta;
  /** Absent for rules whose findings come from the parsers or the workspace (syntax errors, suppressions). */
  check?(ctx: RuleContext): void;
}
