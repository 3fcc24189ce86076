/**
 * `npm run parse-check -- <folder>…`: parses every Bicep (`.bicep`, `.bicepparam`) and Terraform (`.tf`,
 * `.tfvars`) file below the folders and reports the share that parse without a syntax problem, then each file with
 * problems and where they are.
 *
 * For Terraform it also checks the strict parser against tree-sitter (see `lib/terraform-parity.ts`): a file where
 * they disagree is listed, and is a bug to report. The time reported includes that check.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseBicep } from '../src/engine/formats/bicep/parser';
import { loadTerraformGrammar, type TerraformGrammar } from '../src/engine/formats/terraform/grammar';
import { parseHcl } from '../src/engine/formats/terraform/parse';
import { SourceText } from '../src/engine/model/span';
import { parity } from './lib/terraform-parity';

const SKIPPED = new Set(['node_modules', '.git', '.terraform']);
const CHECKED = /\.(bicep|bicepparam|tf|tfvars)$/i;
const TERRAFORM = /\.tf(vars)?$/i;
/** Problems listed per file; the count says how many more there are. */
const SHOWN_PER_FILE = 5;

function filesBelow(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    if (SKIPPED.has(name)) continue;
    const full = path.join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) filesBelow(full, out);
    else if (CHECKED.test(name)) out.push(full);
  }
  return out;
}

interface Problem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

/** Counts of Terraform files by how the strict parser fared. */
interface StrictTally {
  read: number;
  disagreements: { uri: string; why: string }[];
}

function terraformProblems(grammar: TerraformGrammar, source: SourceText, tally: StrictTally): Problem[] {
  const result = parity(grammar, source.text, source.uri);
  if (result.kind === 'read') tally.read++;
  if (result.kind === 'differs') tally.disagreements.push({ uri: source.uri, why: result.why });
  // Where the comparison parsed the file, the reading kept for the document serves here.
  return parseHcl(source).problems.map((p) => ({ start: p.span.start, end: p.span.end, message: p.message }));
}

async function main(): Promise<number> {
  const roots = process.argv.slice(2);
  if (!roots.length) {
    console.error('usage: npm run parse-check -- <folder>…');
    return 2;
  }
  let files: string[];
  try {
    files = roots.flatMap((r) => (statSync(r).isDirectory() ? filesBelow(r) : [r]));
  } catch (e) {
    console.error(`parse-check: ${(e as Error).message}`);
    return 2;
  }
  const grammar = files.some((f) => TERRAFORM.test(f)) ? await loadTerraformGrammar() : undefined;
  const tally: StrictTally = { read: 0, disagreements: [] };
  let failed = 0;
  let lines = 0;
  let terraform = 0;
  const started = performance.now();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const source = new SourceText(file, text);
    lines += source.lineCount;
    let problems: readonly Problem[];
    if (TERRAFORM.test(file)) {
      terraform++;
      if (!grammar) {
        console.error('parse-check: the Terraform parser could not be loaded');
        return 2;
      }
      problems = terraformProblems(grammar, source, tally);
    } else {
      problems = parseBicep(source.text, /\.bicepparam$/i.test(file) ? 'bicepparam' : 'bicep').problems;
    }
    if (!problems.length) continue;
    failed++;
    console.log(`${path.relative(process.cwd(), file)}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
    for (const p of problems.slice(0, SHOWN_PER_FILE)) {
      const at = source.span(p.start, p.end);
      console.log(`  ${at.startLine + 1}:${at.startCharacter + 1} ${p.message}`);
    }
    if (problems.length > SHOWN_PER_FILE) console.log(`  … and ${problems.length - SHOWN_PER_FILE} more`);
  }
  const ms = performance.now() - started;
  const ok = files.length - failed;
  const rate = files.length ? ((100 * ok) / files.length).toFixed(2) : '100.00';
  console.log(`\n${files.length} files (${lines} lines) in ${ms.toFixed(0)} ms: ${ok} parse without problems (${rate}%), ${failed} with syntax problems.`);
  if (terraform) {
    const n = tally.disagreements.length;
    console.log(`Terraform: the strict parser read ${tally.read} of ${terraform} files whole; it and tree-sitter ${n ? `disagree on ${n}:` : 'agree on every one.'}`);
    for (const d of tally.disagreements) console.log(`  ${path.relative(process.cwd(), d.uri)}: ${d.why}`);
  }
  return failed || tally.disagreements.length ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    console.error(`parse-check: ${(e as Error)?.message ?? String(e)}`);
    process.exitCode = 2;
  },
);
