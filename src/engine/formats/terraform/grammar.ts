/**
 * The Terraform grammar: `web-tree-sitter` with `tree-sitter-terraform.wasm` from
 * `@tree-sitter-grammars/tree-sitter-hcl`. WebAssembly is compiled asynchronously, so the grammar is loaded once by
 * {@link loadTerraformGrammar} (the adapter's `init`) before any Terraform file is parsed.
 *
 * The two `.wasm` files are looked up beside the running script first — the build copies them next to the CLI and
 * extension bundles — then in the installed packages, when the engine runs from source. They are read from disk
 * and handed to the runtime as bytes, so nothing is ever fetched.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

export interface TerraformGrammar {
  readonly parser: Parser;
  readonly language: Language;
  /** Node type ids by name (named nodes only). */
  readonly ids: Readonly<Record<NodeName, number>>;
}

/** The named node types the converter reads. */
const NODE_NAMES = [
  'config_file', 'body', 'attribute', 'block', 'identifier', 'expression', 'literal_value', 'numeric_lit', 'bool_lit',
  'null_lit', 'string_lit', 'collection_value', 'tuple', 'object', 'object_elem', 'index', 'new_index', 'legacy_index',
  'get_attr', 'splat', 'attr_splat', 'full_splat', 'for_expr', 'for_tuple_expr', 'for_object_expr', 'for_intro',
  'for_cond', 'variable_expr', 'function_call', 'function_arguments', 'ellipsis', 'conditional', 'operation',
  'unary_operation', 'binary_operation', 'template_expr', 'quoted_template', 'heredoc_template', 'heredoc_start',
  'heredoc_identifier', 'template_literal', 'template_interpolation', 'template_directive', 'quoted_template_start',
  'quoted_template_end', 'comment', 'block_start', 'block_end', 'strip_marker',
] as const;

export type NodeName = (typeof NODE_NAMES)[number];

/** The wasm files, by the name the build gives them in `dist/` and where their packages keep them. */
export const WASM_FILES = [
  { name: 'web-tree-sitter.wasm', module: 'web-tree-sitter/web-tree-sitter.wasm' },
  { name: 'tree-sitter-terraform.wasm', module: '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm' },
] as const;

let loading: Promise<TerraformGrammar> | undefined;
let loaded: TerraformGrammar | undefined;
let failure: string | undefined;

/** The grammar once {@link loadTerraformGrammar} has finished, else undefined. */
export function terraformGrammar(): TerraformGrammar | undefined {
  return loaded;
}

/** Why the grammar could not be loaded, if it could not. */
export function terraformGrammarFailure(): string | undefined {
  return failure;
}

/** Loads the grammar once; later calls return the same promise. Never rejects: a failure is kept for messages. */
export function loadTerraformGrammar(): Promise<TerraformGrammar | undefined> {
  loading ??= load();
  return loading.then(
    (g) => (loaded = g),
    (e: unknown) => {
      failure = (e as Error)?.message ?? String(e);
      return undefined;
    },
  );
}

async function load(): Promise<TerraformGrammar> {
  const [runtime, grammar] = WASM_FILES.map((f) => readFileSync(locate(f.name, f.module)));
  await Parser.init({ wasmBinary: runtime } as object);
  const language = await Language.load(grammar);
  const parser = new Parser();
  parser.setLanguage(language);
  const ids = {} as Record<NodeName, number>;
  for (const name of NODE_NAMES) {
    const id = language.idForNodeType(name, true);
    if (id === null) throw new Error(`the Terraform grammar has no '${name}' nodes`);
    ids[name] = id;
  }
  return { parser, language, ids };
}

function locate(file: string, module: string): string {
  const beside = path.join(__dirname, file);
  if (existsSync(beside)) return beside;
  try {
    return require.resolve(module);
  } catch {
    throw new Error(`${file} is neither beside ${__dirname} nor installed`);
  }
}
