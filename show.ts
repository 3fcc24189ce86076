import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ADAPTERS } from './src/engine/formats';
import { DEFAULT_POLICY } from './src/engine/regions/profiles';
import { Workspace } from './src/engine/workspace/workspace';
import { applyEdits } from './test/helpers/edits';
(async () => {
  const dir = process.argv[2]; const rule = process.argv[3];
  const ws = new Workspace(ADAPTERS); await ws.ready();
  const files = new Map<string,string>();
  for (const f of readdirSync(dir)) { const u = pathToFileURL(path.join(dir, f)).toString(); const t = readFileSync(path.join(dir, f), 'utf8'); files.set(u,t); ws.setText(u, t); }
  const r = ws.analyze({ policy: DEFAULT_POLICY });
  for (const f of r.findings.filter(f => !rule || f.ruleId === rule)) {
    console.log('###', f.ruleId, f.message.slice(0,150));
    for (const x of f.fixes) { console.log('--- fix:', x.title); const uri = x.edits[0].span.uri; console.log(applyEdits(files.get(uri)!, x.edits.filter(e => e.span.uri === uri))); }
  }
})();
