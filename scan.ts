import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ADAPTERS } from './src/engine/formats';
import { DEFAULT_POLICY } from './src/engine/regions/profiles';
import { Workspace } from './src/engine/workspace/workspace';
import * as V from './src/engine/model/value';
(async () => {
  const dir = process.argv[2];
  const ws = new Workspace(ADAPTERS);
  await ws.ready();
  for (const f of readdirSync(dir)) ws.setText(pathToFileURL(path.join(dir, f)).toString(), readFileSync(path.join(dir, f), 'utf8'));
  const r = ws.analyze({ policy: DEFAULT_POLICY });
  for (const f of r.findings) { const t = r.documents.find(d=>d.uri===f.span.uri)?.source.slice(f.span); console.log(f.ruleId, '@', JSON.stringify(t?.slice(0,60)), '|', f.message.slice(0, 200)); for (const x of f.fixes) console.log('   fix:', x.title); }
  if (process.argv[3]) for (const res of r.resources) console.log(res.type, res.key.slice(-40), JSON.stringify(V.toPlain(res.body.options[0])).slice(0, 600), JSON.stringify(res.links.map(l=>[l.kind,l.target.slice(-30)])));
})();
