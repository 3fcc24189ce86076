import { readFileSync } from 'node:fs';
import { analyze, applyEdits } from './test/engine/encryption/harness';
import { seededRandom } from './test/helpers/random';
import { randomMutations } from './test/robustness/mutations';
import { pathToFileURL } from 'node:url';
const name = process.argv[2]; const want = process.argv[3];
const file = `test/fixtures/${name}/azuredeploy.json`;
const text = readFileSync(file, 'utf8');
const random = seededRandom(7 + name.length);
for (const m of randomMutations(text, random, 6)) {
  if (m.name !== want) continue;
  const uri = pathToFileURL(file).toString();
  const r = analyze(new Map([[uri, m.text]]));
  for (const f of r.findings) {
    for (const fix of f.fixes) {
      const after = applyEdits(m.text, fix.edits);
      const r2 = analyze(new Map([[uri, after]]));
      const still = r2.findings.filter(g => g.ruleId === f.ruleId && g.span.startLine === f.span.startLine && g.fixes.some(x => x.title === fix.title));
      const syn = r2.findings.filter(g => g.ruleId === 'syntax-error').length - r.findings.filter(g => g.ruleId === 'syntax-error').length;
      if (still.length || syn > 0) {
        console.log('FINDING', f.ruleId, f.span.startLine, f.message, JSON.stringify(fix.edits.map(e => [e.span.start, e.span.end, e.newText])));
        console.log('still', still.map(g => [g.span.startLine, g.message]), 'syntax+', syn);
        const lines = m.text.split('\n'); console.log(lines.slice(Math.max(0, f.span.startLine - 6), f.span.startLine + 6).join('\n'));
        console.log('=== after'); const l2 = after.split('\n'); console.log(l2.slice(Math.max(0, f.span.startLine - 6), f.span.startLine + 12).join('\n'));
      }
    }
  }
}
