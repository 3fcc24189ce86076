/**
 * The contract between the workspace and the format adapters.
 */
import type { ResourceChange, SettingSpelling } from '../model/change';
import type { TextEdit } from '../model/finding';
import type { Resource, SourceFormat } from '../model/resource';
import type { SourceText } from '../model/span';
import type { InputRef, Scalar } from '../model/value';
import type { Evaluation } from '../formats/evaluation';
import type { SyntaxProblem } from '../formats/syntax-problem';
import type { StringSyntax } from './suppressions';

/** One parsed file. Adapters extend it with their syntax tree. */
export interface ParsedDocument {
  readonly uri: string;
  readonly source: SourceText;
  readonly format: Exclude<SourceFormat, 'live'>;
  /** What the file is within its format: `template`, `parameters`, `bicep`, `bicepparam`, `tf`, `tfvars`… */
  readonly kind: string;
  readonly problems: readonly SyntaxProblem[];
}

/** The files an adapter can see while it groups documents into units: loaded on demand, parsed once. */
export interface WorkspaceFiles {
  /** The parsed document at a URI (read from disk when not open), or undefined when it cannot be read. */
  get(uri: string): ParsedDocument | undefined;
  /** Every document of the analysis, in a stable order. */
  all(): readonly ParsedDocument[];
  /** The URIs of the files directly in a folder (URI with a trailing slash): those given and those on disk. */
  folder?(uri: string): readonly string[];
  /** The text of any file, infrastructure code or not (a JSON file a Bicep file loads), read from disk when not given. */
  text?(uri: string): SourceText | undefined;
  /** The user's home folder (URI with a trailing slash), where tools keep their caches; undefined where there is none. */
  readonly homeFolder?: string;
  /**
   * A value derived from these files, made once and kept with them (through `perView`). The workspace's views let
   * such values go once the analysis that made them is over, as they do the documents (see `Workspace.filesOf`).
   */
  memo?<T>(key: object, make: () => T): T;
}

/**
 * What is evaluated as one: a template with its parameter files, a Bicep file with its modules and
 * `.bicepparam` files, a Terraform module folder with its tfvars and child modules.
 */
export interface AnalysisUnit {
  /** Stable id, e.g. the root document's URI. */
  readonly id: string;
  /** Every document the evaluation reads; a change to any of them re-evaluates the unit. */
  readonly inputs: readonly string[];
  /**
   * The readings the unit belongs to where tools read the same files differently (Terraform's and OpenTofu's readings
   * of a module folder; a unit both read alike belongs to both, its own first): the rules that follow references
   * across units see the resources of units of no reading and of the unit's own first reading only, so that one
   * tool's deployment is never joined to the other's.
   */
  readonly readings?: readonly string[];
  /**
   * `previous` is this unit's last evaluation (the inputs have changed since): an adapter may reuse what the
   * change cannot have affected, as long as the result is what evaluating from scratch gives.
   */
  evaluate(previous?: Evaluation): Evaluation;
}

export interface FormatAdapter {
  readonly format: Exclude<SourceFormat, 'live'>;
  /**
   * A document's line-comment token, for the suppression comments an editor writes (`//` when the adapter has no
   * such method); undefined when its syntax allows no comments (a `.tfvars.json` file).
   */
  lineComment?(doc: ParsedDocument): string | undefined;
  /** How the format writes strings, so that suppression markers inside them are not read as comments; JSON's by default. */
  readonly strings?: StringSyntax;
  /**
   * Prepares what parsing needs and cannot get synchronously (a WebAssembly grammar). The workspace awaits it once,
   * in `Workspace.ready()` (for the files it will read), before it parses; `parse` stays synchronous.
   */
  init?(): Promise<void>;
  /** Whether a file name may belong to this format (cheap: the name only). */
  accepts(path: string): boolean;
  /** Parses a file; undefined when it turns out not to be this format's (a JSON file that is no template). */
  parse(source: SourceText): ParsedDocument | undefined;
  /**
   * The format of the source a compiler wrote this document from (`bicep` for a template `bicep build` wrote, as its
   * `metadata._generator` says); undefined for a document written by hand.
   */
  compiledFrom?(doc: ParsedDocument): Exclude<SourceFormat, 'live'> | undefined;
  /** Groups the adapter's documents into evaluation units. */
  units(files: WorkspaceFiles): AnalysisUnit[];
  /** Restricts an input declared in one of this format's documents to allowed values. */
  restrictInput(doc: ParsedDocument, input: InputRef, values: readonly string[]): TextEdit[] | undefined;
  /**
   * Writes a {@link ResourceChange} into the declaration of a resource this adapter produced from `doc`: each
   * ARM path as the format expresses it (a property, an argument, a block or a separate resource), every new
   * input declared once where the format declares inputs, with the file's indentation and line endings. The
   * result must parse, and evaluating it must give the resource the values set. Undefined when it cannot.
   * `files` gives the rest of the workspace (the other files of a Terraform module, its lock file).
   */
  configure?(doc: ParsedDocument, resource: Resource, change: ResourceChange, files: WorkspaceFiles): TextEdit[] | undefined;
  /**
   * How the document writes a resource's setting at an ARM path (or its child's, of type `child`), for messages;
   * undefined where it writes the ARM path itself (ARM, Bicep, a body of ARM properties).
   */
  spell?(doc: ParsedDocument, resource: Resource, path: string, value: Scalar | undefined, child: string | undefined, files: WorkspaceFiles): SettingSpelling | undefined;
  /** How the document names resources of an ARM type; undefined where it writes the ARM type. */
  spellType?(doc: ParsedDocument, resource: Resource, type: string, files: WorkspaceFiles): string | undefined;
  /** What stands for how `spell` and `spellType` answer for the resource (see `EditFactory.spellings`); undefined where ARM's spellings do. */
  spellings?(doc: ParsedDocument, resource: Resource, files: WorkspaceFiles): object | undefined;
}
