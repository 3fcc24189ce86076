/**
 * The built CLI, run as a user runs it: exit codes, output formats, SARIF validity, configuration.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Ajv from 'ajv-draft-04';
import { FIXTURES } from '../helpers/workspace';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const CASES = path.join(FIXTURES, 'cli');
const REGION = path.join(FIXTURES, 'region');
/** A configuration that leaves the encryption rules off, for tests about output formats on region fixtures. */
const ENCRYPTION_OFF = path.join(CASES, 'encryption-off', 'itar-guard.json');

function run(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Fails unless a report is valid SARIF 2.1.0. */
function assertValidSarif(report: unknown): void {
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false, logger: false }).compile(schema);
  assert.ok(validate(report), JSON.stringify(validate.errors?.slice(0, 3)));
}

let tmp: string;
before(() => {
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  tmp = mkdtempSync(path.join(tmpdir(), 'itar-guard-cli-'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('itar-guard scan', () => {
  test("the package's bin runs as a program, as the README's `npx itar-guard scan examples/` runs it in a fresh checkout", () => {
    const r = spawnSync(path.join(ROOT, 'dist', 'cli.js'), ['scan', 'examples', '--format', 'json'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.error, undefined, String(r.error));
    assert.equal(r.status, 1, r.stderr);
    assert.ok(JSON.parse(r.stdout).findings.length > 0);
  });

  test('text output reads like a compiler: file:line:col  severity  rule-id  message, then a summary', () => {
    const r = run(['scan', 'literal-proscribed/arm', '--config', ENCRYPTION_OFF], REGION);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^literal-proscribed\/arm\/main\.json:9:19 {2}error {2}region-proscribed {2}'eastasia' \(East Asia/m);
    assert.match(r.stdout, /^1 error, 0 warnings, 0 information in 1 of 1 file checked$/m);
    assert.equal(r.stderr, '');
  });

  test('exit codes follow --fail-on', () => {
    assert.equal(run(['scan', path.join(CASES, 'clean')]).code, 0);
    assert.equal(run(['scan', path.join(CASES, 'warnings-only')]).code, 0, 'warnings do not fail by default');
    assert.equal(run(['scan', path.join(CASES, 'warnings-only'), '--fail-on', 'warning']).code, 1);
    assert.equal(run(['scan', path.join(REGION, 'literal-proscribed'), '--fail-on', 'never']).code, 0);
    assert.equal(run(['scan', path.join(REGION, 'suppression'), '--fail-on', 'error']).code, 1, 'the unsuppressed finding still fails');
  });

  test('SARIF 2.1.0: valid against the schema, rules with helpUri, 1-based regions, relative URIs, related locations', () => {
    const r = run(['scan', 'test/fixtures/region/param-default-shared', '--format', 'sarif']);
    assert.equal(r.code, 1);
    const sarif = JSON.parse(r.stdout);
    assertValidSarif(sarif);
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0];
    assert.ok(run0.tool.driver.rules.every((x: { helpUri: string }) => /^https:\/\/.+\.md$/.test(x.helpUri)));
    const [res] = run0.results;
    assert.equal(res.ruleId, 'region-proscribed');
    assert.equal(res.level, 'error');
    assert.equal(run0.tool.driver.rules[res.ruleIndex].id, 'region-proscribed');
    const loc = res.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uri, 'test/fixtures/region/param-default-shared/arm/main.json');
    assert.deepEqual([loc.region.startLine, loc.region.startColumn, loc.region.endLine, loc.region.endColumn], [5, 53, 5, 66]);
    assert.equal(res.relatedLocations.length, 4, 'two resources and two references');
    assert.ok(res.fixes.length >= 1);
    const cmk = run0.tool.driver.rules.find((x: { id: string }) => x.id === 'cmk-missing');
    assert.ok(cmk.properties.resourceTypes.includes('Microsoft.Storage/storageAccounts'));
    assert.ok(cmk.properties.azurePolicies.some((p: { id: string; displayName: string }) => p.id === '6fac406b-40ca-413b-bf8e-0bf964659c25' && /customer-managed key/.test(p.displayName)));
  });

  test('SARIF keeps suppressed findings, with the justification', () => {
    const sarif = JSON.parse(run(['scan', path.join(REGION, 'suppression', 'arm'), '--format', 'sarif']).stdout);
    const suppressed = sarif.runs[0].results.filter((x: { suppressions?: unknown[] }) => x.suppressions);
    assert.equal(suppressed.length, 1);
    assert.deepEqual(suppressed[0].suppressions, [{ kind: 'inSource', justification: 'public marketing documents only, no technical data' }]);
  });

  test('JSON output and --output FILE', () => {
    const out = path.join(tmp, 'report.json');
    const r = run(['scan', path.join(REGION, 'literal-proscribed', 'arm'), '--format', 'json', '--output', out, '--config', ENCRYPTION_OFF]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    const report = JSON.parse(readFileSync(out, 'utf8'));
    assert.deepEqual(report.summary, { error: 1, warning: 0, information: 0, suppressed: 0, files: 1 });
    assert.equal(report.findings[0].location.line, 9);
  });

  test('--profile and --allowed-regions override the configuration', () => {
    const dir = path.join(REGION, 'geo-redundant-pair');
    assert.match(run(['scan', dir]).stdout, /region-not-allowed/);
    const np = run(['scan', dir, '--profile', 'not-proscribed']);
    assert.match(np.stdout, /region-proscribed/);
    assert.doesNotMatch(np.stdout, /region-not-allowed/);
    const listed = run(['scan', path.join(CASES, 'clean'), '--allowed-regions', 'westus2']);
    assert.equal(listed.code, 1);
    assert.match(listed.stdout, /not allowed by the configured allowed regions/, 'the list need not come from itar-guard.json');
  });

  test('itar-guard.json at the scan root: allowed regions, rule levels and exclusions', () => {
    const r = run(['scan', path.join(CASES, 'configured')]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /region-not-allowed {2}'eastus'/);
    assert.doesNotMatch(r.stdout, /region-global/, 'turned off');
    assert.doesNotMatch(r.stdout, /chinanorth/, 'legacy/ is excluded');
  });

  test('usage and configuration errors exit 2 with a one-line reason', () => {
    const cases: [string[], RegExp][] = [
      [['scan', path.join(CASES, 'bad-config')], /unknown setting 'allowedRegion'/],
      [['scan', '--config', path.join(CASES, 'proscribed-off.json'), path.join(CASES, 'clean')], /rule 'region-proscribed' must be one of error, warning, information \(it cannot be turned off/],
      [['scan', '--config', path.join(tmp, 'missing.json'), path.join(CASES, 'clean')], /cannot be read/],
      [['scan', '--format', 'xml'], /--format must be one of text, json, sarif/],
      [['scan', '--bogus'], /unknown option '--bogus'/],
      [['scan', 'no/such/folder'], /no such file or folder/],
      [['scan', '--allowed-regions', 'westus2,atlantis', path.join(CASES, 'clean')], /allowedRegions names no Azure region: atlantis/],
      [['scan', '--profile', 'eu-only'], /profile must be one of/],
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['scan', path.join(CASES, 'clean'), '--output', path.join(tmp, 'no-such-folder', 'report.sarif')], /--output .*report\.sarif: cannot be written \(ENOENT\)/],
    ];
    for (const [args, reason] of cases) {
      const r = run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, reason);
      assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  test('findings of a template compiled from the Bicep file beside it that repeat that file are counted, not shown', () => {
    const dir = path.join(CASES, 'compiled');
    const text = run(['scan', '.'], dir);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /^main\.bicep:1:25 +error +region-proscribed /m);
    assert.doesNotMatch(text.stdout, /^main\.json:/m);
    assert.match(text.stdout, /^1 error, 0 warnings, 0 information in 1 of 2 files checked; 1 finding of compiled templates left out \(also in their Bicep source\)$/m);
    const note = '1 finding in main.json, a template compiled by Bicep, repeats a finding of main.bicep beside it and is left out';
    assert.equal(text.stderr, `itar-guard: ${note} (--format json lists them)\n`);
    const jsonRun = run(['scan', '.', '--format', 'json'], dir);
    assert.equal(jsonRun.stderr, `itar-guard: ${note}\n`);
    const json = JSON.parse(jsonRun.stdout);
    assert.deepEqual(json.compiledTemplates, [
      {
        path: 'main.json',
        source: 'main.bicep',
        repeated: [{ ruleId: 'region-proscribed', message: json.compiledTemplates[0].repeated[0].message, location: { file: 'main.json', line: 14, column: 23, endLine: 14, endColumn: 33 }, sameAs: { file: 'main.bicep', line: 1, column: 25, endLine: 1, endColumn: 35 } }],
      },
    ]);
    assert.match(json.compiledTemplates[0].repeated[0].message, /^'eastasia' .* is in Hong Kong SAR/);
    assert.deepEqual(json.skipped, []);
    const sarif = JSON.parse(run(['scan', '.', '--format', 'sarif'], dir).stdout);
    assertValidSarif(sarif);
    assert.deepEqual(sarif.runs[0].invocations[0].toolExecutionNotifications, [
      { level: 'note', message: { text: note }, locations: [{ physicalLocation: { artifactLocation: { uri: 'main.json' } } }] },
    ]);
  });

  test('a configuration file that cannot be read is named as the command line gave it', () => {
    const r = run(['scan', '--config', 'missing.json', '.'], path.join(CASES, 'clean'));
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'itar-guard: missing.json: cannot be read (ENOENT)\n');
  });

  test('a file named on the command line that no format reads is named as skipped', () => {
    const r = run(['scan', 'README.md', path.join(CASES, 'clean', 'main.json')]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, / of 1 file checked; 1 file skipped$/m);
    assert.equal(r.stderr, 'itar-guard: skipped README.md: is not a Bicep, ARM JSON or Terraform file\n');
  });

  test("Terraform's JSON syntax is checked with the native files of its module", () => {
    const dir = path.join(tmp, 'tf-json');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'variables.tf.json'), JSON.stringify({ variable: { location: { default: 'eastasia' } } }, null, 2));
    writeFileSync(path.join(dir, 'main.tf'), 'resource "azurerm_resource_group" "rg" {\n  name     = "rg"\n  location = var.location\n}\n');
    for (const args of [['scan', '.'], ['scan', 'variables.tf.json', 'main.tf']]) {
      const r = run([...args, '--format', 'json'], dir);
      const report = JSON.parse(r.stdout) as { skipped: unknown[]; findings: { ruleId: string; location: { file: string; line: number } }[] };
      assert.deepEqual(report.skipped, [], args.join(' '));
      assert.deepEqual(report.findings.map((f) => [f.ruleId, f.location.file, f.location.line]), [['region-proscribed', 'variables.tf.json', 4]], args.join(' '));
    }
  });

  test('a module outside the scanned folder counts among the files checked', () => {
    const dir = path.join(tmp, 'outside-module');
    mkdirSync(path.join(dir, 'modules', 'rg'), { recursive: true });
    mkdirSync(path.join(dir, 'live'), { recursive: true });
    writeFileSync(path.join(dir, 'modules', 'rg', 'main.tf'), 'variable "location" {}\nresource "azurerm_resource_group" "rg" {\n  name     = "rg"\n  location = var.location\n}\n');
    writeFileSync(path.join(dir, 'live', 'main.tf'), 'module "rg" {\n  source   = "../modules/rg"\n  location = "eastasia"\n}\n');
    const r = run(['scan', '.', '--fail-on', 'never'], path.join(dir, 'live'));
    assert.match(r.stdout, /^1 error, 0 warnings, 0 information in 1 of 2 files checked$/m);
  });

  test('a file that does not parse is reported, never fatal', () => {
    const r = run(['scan', path.join(FIXTURES, 'cli', 'clean'), path.join(ROOT, 'test', 'fixtures', 'broken')]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /syntax-error/);
  });
});

describe('itar-guard rules', () => {
  test('lists every rule with its default, Azure Policy built-ins and docs', () => {
    const r = run(['rules']);
    assert.equal(r.code, 0);
    for (const id of ['region-proscribed', 'region-not-allowed', 'region-unresolved', 'region-global', 'syntax-error']) assert.match(r.stdout, new RegExp(`^${id} `, 'm'));
    assert.match(r.stdout, /Azure Policy e56962a6-4747-49cd-b67b-bf8b01975c4c: Allowed locations/);
    assert.match(r.stdout, /^ {2,}types: .*Microsoft\.Storage\/storageAccounts/m);
    const json = JSON.parse(run(['rules', '--format', 'json']).stdout);
    assert.ok(json.every((x: { docs: string }) => x.docs.endsWith('.md')));
  });

  test('--version and --help', () => {
    assert.match(run(['--version']).stdout, /^\d+\.\d+\.\d+/);
    assert.match(run(['--help']).stdout, /itar-guard scan/);
  });

  test("a command's --help or -h prints the usage and exits 0; after -- it is a path", () => {
    for (const args of [['scan', '--help'], ['scan', 'examples', '-h'], ['live', '--help'], ['rules', '-h']]) {
      const r = run(args);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stdout, /^Usage:/m);
    }
    const r = run(['scan', '--', '--help']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--help/);
  });
});

test('a Bicep registry module restored into a cache inside the scanned folder is read through the call, not scanned on its own', () => {
  const dir = path.join(tmp, 'restored');
  const cache = path.join(dir, '.bicep-cache', 'br', 'mcr.microsoft.com', 'bicep$avm$res$storage$storage-account', '0.9.0$');
  mkdirSync(cache, { recursive: true });
  writeFileSync(path.join(dir, 'bicepconfig.json'), JSON.stringify({ cacheRootDirectory: path.join(dir, '.bicep-cache') }));
  writeFileSync(path.join(dir, 'main.bicep'), "module storage 'br/public:avm/res/storage/storage-account:0.9.0' = {\n  name: 'storage'\n  params: {\n    name: 'stitar'\n  }\n}\n");
  const template = {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { name: { type: 'string' } },
    resources: [{ type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-05-01', name: "[parameters('name')]", location: 'chinanorth3', sku: { name: 'Standard_LRS' }, kind: 'StorageV2' }],
  };
  writeFileSync(path.join(cache, 'main.json'), JSON.stringify(template, null, 2));
  const r = run(['scan', '.', '--format', 'json', '--config', ENCRYPTION_OFF], dir);
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout);
  const found = report.findings.map((f: { ruleId: string; location: { file: string; line: number } }) => `${f.ruleId} ${f.location.file}:${f.location.line}`);
  assert.deepEqual(found, ['region-proscribed main.bicep:1']);
});

test('a folder given inside a tool\'s folder (a vendored package, an installed module) is scanned', () => {
  const dir = path.join(tmp, 'node_modules', 'infra');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'main.bicep'), "resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'st'\n  location: 'eastasia'\n}\n");
  const r = run(['scan', '.', '--format', 'json', '--config', ENCRYPTION_OFF], dir);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).findings.map((f: { ruleId: string }) => f.ruleId), ['region-proscribed']);
});
