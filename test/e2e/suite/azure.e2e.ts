/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TEST_TOKEN_ENDPOINT_VARIABLE } from '../../../src/azure/test-credential';
import { CLOUDS } from '../../../src/azure/clouds';
import type { AzureNode, AzureTree } from '../../../src/extension/live/live-tree';
import { SessionCredential, SignInRequired } from '../../../src/extension/live/sign-in';
import { describeCounts, type LiveItem } from '../../../src/extension/live/model';
import { bothClouds, GEO_TO_HONG_KONG, GOV_SUB, GUEST_SUB, GUEST_TENANT_ID, IN_HONG_KONG, PUBLIC_SUB, publicTenant, PURGEABLE_VAULT, STANDARD_VAULT, WITH_CMK, WITHOUT_CMK } from '../../azure/fake-arm/scenario';
import { FakeArm } from '../../azure/fake-arm/server';
import { storageAccount, subscription, TENANT_ID } from '../../azure/fake-arm/tenant';
import { child, cloudNode, iconId, label, setUserSetting, tooltip, useFakeAzure, walk, withoutFakeAzure } from './azure-helpers';
import { EXTENSION_ID, extensionApi, fixtureUri, waitFor } from './helpers';

const GRAPH = /^POST \/providers\/Microsoft\.ResourceGraph\/resources/i;
const refresh = (arg?: unknown) => vscode.commands.executeCommand('itarGuard.azure.refresh', arg);

/** The deployed resources the view shows below a node, with the resource groups the group items stand for. */
function itemsUnder(tree: AzureTree, node: AzureNode): LiveItem[] {
  return walk(tree, node).flatMap((n) => (n.kind === 'resource' ? [n.item] : n.kind === 'group' && n.group.resource ? [n.group.resource] : []));
}

function resourceNode(tree: AzureTree, under: AzureNode, id: string): AzureNode {
  const found = walk(tree, under).find((n) => n.kind === 'resource' && n.item.id === id);
  if (!found) throw new Error(`no resource ${id}`);
  return found;
}

/** `ruleId resourceId message` of every finding below a node, as the view shows them. */
function viewFindings(tree: AzureTree, node: AzureNode): string[] {
  const keys = itemsUnder(tree, node).flatMap((i) => i.findings.map((f) => `${f.ruleId} ${f.logicalLocation?.toLowerCase()} ${f.message}`));
  return [...new Set(keys)].sort();
}

/** The same through `itar-guard live` (the built command line), against a fake of the same estate. */
async function cliFindings(cloud: 'AzureCloud' | 'AzureUSGovernment', profile: string): Promise<string[]> {
  const fake = await new FakeArm(bothClouds(), { cloud }).start();
  try {
    const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    // Under Electron the host's executable is Electron, which runs as Node with this variable.
    const env = { ...process.env, [TEST_TOKEN_ENDPOINT_VARIABLE]: fake.tokenEndpoint, ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' };
    // Asynchronously: the fake answers from this process.
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), 'live', '--arm-endpoint', fake.url, '--cloud', cloud, '--profile', profile, '--format', 'json', '--fail-on', 'never'], { env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string; resourceId: string; message: string }[] };
    return [...new Set(report.findings.map((f) => `${f.ruleId} ${f.resourceId.toLowerCase()} ${f.message}`))].sort();
  } finally {
    await fake.stop();
  }
}

describe('the Azure Compliance view', function () {
  this.timeout(120_000);
  let tree: AzureTree;

  before(async () => {
    tree = (await extensionApi()).azureTree;
  });

  after(async () => {
    await setUserSetting('itarGuard', 'azure.clouds', undefined);
    await setUserSetting('microsoft-sovereign-cloud', 'environment', undefined);
    await setUserSetting('itarGuard', 'azure.refreshInterval', undefined);
    await vscode.workspace.getConfiguration('itarGuard').update('azure.subscriptions', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('signed out: a sign-in item per cloud, and nothing of the Azure SDK loaded', async () => {
    const restore = withoutFakeAzure();
    try {
      await refresh();
      // Without a choice of clouds, the one VS Code's sovereign-cloud sign-in names; it names none: Azure.
      assert.deepEqual(tree.getChildren().map((n) => label(tree.getTreeItem(n))), ['Azure']);
      const [signIn] = tree.getChildren(cloudNode(tree, 'Azure')).map((n) => tree.getTreeItem(n));
      assert.equal(label(signIn), 'Sign in to Azure…');
      assert.deepEqual([signIn.command?.command, ...(signIn.command?.arguments ?? [])], ['itarGuard.azure.signIn', 'AzureCloud']);
      assert.match(tree.getTreeItem(cloudNode(tree, 'Azure')).contextValue ?? '', /signedOut/);
      assert.ok(!Object.keys(require.cache).some((f) => f.endsWith(`${path.sep}dist${path.sep}azure.js`)), 'the Azure SDK bundle is loaded');

      // Azure US Government needs VS Code's sovereign-cloud sign-in pointed at it: the view says so.
      await setUserSetting('itarGuard', 'azure.clouds', ['AzureCloud', 'AzureUSGovernment']);
      await refresh();
      const [problem] = tree.getChildren(cloudNode(tree, 'Azure US Government')).map((n) => tree.getTreeItem(n));
      assert.match(label(problem), /microsoft-sovereign-cloud\.environment/);
      assert.equal(problem.command?.command, 'itarGuard.azure.chooseClouds');
      // Choosing the clouds points it at Azure US Government.
      assert.deepEqual(await vscode.commands.executeCommand('itarGuard.azure.chooseClouds', ['AzureUSGovernment', 'AzureCloud']), ['AzureUSGovernment', 'AzureCloud']);
      assert.equal(vscode.workspace.getConfiguration('microsoft-sovereign-cloud').get('environment'), 'USGovernment');
      await refresh();
      assert.deepEqual(tree.getChildren().map((n) => label(tree.getTreeItem(n))), ['Azure', 'Azure US Government']);
      const [govSignIn] = tree.getChildren(cloudNode(tree, 'Azure US Government')).map((n) => tree.getTreeItem(n));
      assert.equal(label(govSignIn), 'Sign in to Azure US Government…');
      assert.deepEqual(govSignIn.command?.arguments, ['AzureUSGovernment']);
      // A sovereign-cloud sign-in set to another cloud is honoured: Azure US Government cannot be read through it.
      await setUserSetting('microsoft-sovereign-cloud', 'environment', 'ChinaCloud');
      await refresh();
      assert.match(label(tree.getTreeItem(tree.getChildren(cloudNode(tree, 'Azure US Government'))[0])), /set to 'ChinaCloud'/);
      await setUserSetting('microsoft-sovereign-cloud', 'environment', 'USGovernment');
    } finally {
      restore();
    }
  });

  it("VS Code's session as the Azure SDK's credential: the cloud's provider, its Resource Manager scope and the tenant, silently", async () => {
    const auth = vscode.authentication as { getSession: typeof vscode.authentication.getSession };
    const getSession = auth.getSession;
    const calls: unknown[] = [];
    let session: vscode.AuthenticationSession | undefined;
    // The test stands in for VS Code's Microsoft accounts, which cannot sign in here.
    auth.getSession = (async (provider: string, scopes: readonly string[], options?: vscode.AuthenticationGetSessionOptions) => {
      calls.push([provider, scopes, options]);
      return session;
    }) as typeof auth.getSession;
    try {
      const exp = 1_900_000_000;
      const token = `eyJ0eXAiOiJKV1QifQ.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.signature`;
      session = { id: 'session', accessToken: token, account: { id: 'account', label: 'user@contoso.us' }, scopes: [] };
      const gov = new SessionCredential('AzureUSGovernment', 'tenant-1');
      assert.deepEqual(await gov.getToken(CLOUDS.AzureUSGovernment.armScope), { token, expiresOnTimestamp: exp * 1000 });
      await gov.getToken([CLOUDS.AzureUSGovernment.armScope], { tenantId: 'tenant-2' });
      session = undefined;
      await assert.rejects(new SessionCredential('AzureCloud').getToken([]), (e: unknown) => e instanceof SignInRequired && e.tenantId === undefined);
      assert.deepEqual(calls, [
        ['microsoft-sovereign-cloud', [CLOUDS.AzureUSGovernment.armScope, 'VSCODE_TENANT:tenant-1'], { silent: true }],
        ['microsoft-sovereign-cloud', [CLOUDS.AzureUSGovernment.armScope, 'VSCODE_TENANT:tenant-2'], { silent: true }],
        ['microsoft', [CLOUDS.AzureCloud.armScope], { silent: true }],
      ]);
    } finally {
      auth.getSession = getSession;
    }
  });

  describe('signed in to both clouds', () => {
    let fake: Awaited<ReturnType<typeof useFakeAzure>>;
    const estate = bothClouds();

    before(async () => {
      fake = await useFakeAzure(estate);
      await vscode.commands.executeCommand('itarGuard.azure.chooseClouds', ['AzureCloud', 'AzureUSGovernment']);
      await refresh();
    });

    after(async () => {
      await fake.release();
    });

    it('cloud → subscription with counts → resource group → resource, icons by the worst finding, findings in tooltips', async () => {
      const azure = cloudNode(tree, 'Azure');
      const azureItem = tree.getTreeItem(azure);
      assert.match(String(azureItem.description), /contoso\.onmicrosoft\.com/);
      assert.match(azureItem.contextValue ?? '', /signedIn tenants/);
      assert.equal(iconId(azureItem), 'cloud');
      const sub = child(tree, azure, PUBLIC_SUB.displayName);
      const items = itemsUnder(tree, sub);
      assert.equal(items.length, 500);
      const count = (s: string) => items.filter((i) => i.status === s).length;
      const subItem = tree.getTreeItem(sub);
      assert.equal(subItem.description, describeCounts({ violation: count('violation'), warning: count('warning'), compliant: count('compliant') + count('information') }));
      assert.equal(iconId(subItem), 'error');
      assert.match(tooltip(subItem), /500 resources read through Azure Resource Graph/);

      const group = child(tree, sub, 'rg-0');
      assert.equal(iconId(tree.getTreeItem(group)), 'error');
      const hk = resourceNode(tree, sub, IN_HONG_KONG.id);
      const hkItem = tree.getTreeItem(hk);
      assert.equal(label(hkItem), 'sthongkong');
      assert.equal(hkItem.description, 'storageAccounts · eastasia');
      assert.equal(iconId(hkItem), 'error');
      assert.match(tooltip(hkItem), /East Asia/);
      assert.match(tooltip(hkItem), /\*\*region-proscribed\*\*/);
      const [finding] = tree.getChildren(hk).map((n) => tree.getTreeItem(n));
      assert.equal(label(finding), 'Region in a 22 CFR 126.1 country');
      assert.equal(finding.contextValue, 'azureFinding');
      assert.deepEqual(finding.command?.arguments, ['region-proscribed']);
      assert.match(tooltip(tree.getTreeItem(resourceNode(tree, sub, GEO_TO_HONG_KONG.id))), /geo-redundant copy in 'eastasia'/);
      // Customer-managed keys: present and absent; a deployed vault that falls short names the data it protects.
      const tip = (r: { id: string }) => tooltip(tree.getTreeItem(resourceNode(tree, sub, r.id)));
      assert.match(tip(WITHOUT_CMK), /\*\*cmk-missing\*\*/);
      assert.doesNotMatch(tip(WITH_CMK), /cmk-missing/);
      assert.match(tip(STANDARD_VAULT), /\*\*key-not-hsm\*\*: .*It protects the data of Microsoft\.Storage\/storageAccounts 'stcmkstandard'\./);
      assert.match(tip(PURGEABLE_VAULT), /\*\*key-vault-protection\*\*: .*It protects the data of Microsoft\.Storage\/storageAccounts 'stcmkpurgeable'\./);
      assert.equal(iconId(tree.getTreeItem(resourceNode(tree, sub, STANDARD_VAULT.id))), 'warning');
      const clean = walk(tree, sub).find((n) => n.kind === 'resource' && !n.item.findings.length)!;
      assert.equal(iconId(tree.getTreeItem(clean)), 'pass');

      const gov = cloudNode(tree, 'Azure US Government');
      const govSub = child(tree, gov, GOV_SUB.displayName);
      assert.equal(itemsUnder(tree, govSub).length, 500);
      assert.ok(!viewFindings(tree, govSub).some((f) => f.startsWith('region-')), 'no region finding in usgovvirginia under us-only');
    });

    it('the view and itar-guard live report the same findings, in both clouds; the view only reads', async () => {
      assert.deepEqual(viewFindings(tree, cloudNode(tree, 'Azure')), await cliFindings('AzureCloud', 'us-only'));
      assert.deepEqual(viewFindings(tree, cloudNode(tree, 'Azure US Government')), await cliFindings('AzureUSGovernment', 'us-only'));
      assert.ok(fake.log.length > 0);
      for (const r of fake.log) assert.ok(r.method === 'GET' || (r.method === 'POST' && (GRAPH.test(`POST ${r.url}`) || r.url === '/token')), `${r.method} ${r.url}`);
    });

    it('another profile re-checks what was read, without reading Azure again: the geo-redundant copy in Hong Kong under not-proscribed', async () => {
      const requests = fake.log.length;
      const geo = () => (resourceNode(tree, cloudNode(tree, 'Azure'), GEO_TO_HONG_KONG.id) as Extract<AzureNode, { kind: 'resource' }>).item;
      assert.ok(geo().findings.some((f) => f.ruleId === 'region-not-allowed'));
      try {
        await vscode.commands.executeCommand('itarGuard.switchProfile', 'not-proscribed');
        await waitFor('the re-check under not-proscribed', () => !geo().findings.some((f) => f.ruleId === 'region-not-allowed'));
        assert.equal(geo().status, 'violation');
        assert.match(geo().findings.find((f) => f.ruleId === 'region-proscribed')!.message, /geo-redundant copy in 'eastasia'/);
        assert.deepEqual(viewFindings(tree, cloudNode(tree, 'Azure')), await cliFindings('AzureCloud', 'not-proscribed'));
        assert.equal(fake.log.length, requests);
      } finally {
        await vscode.commands.executeCommand('itarGuard.switchProfile', 'us-only');
      }
      await waitFor('the re-check under us-only', () => geo().findings.some((f) => f.ruleId === 'region-not-allowed'));
    });

    it('violations only, and grouping by region', async () => {
      const sub = () => child(tree, cloudNode(tree, 'Azure'), PUBLIC_SUB.displayName);
      const violations = itemsUnder(tree, sub()).filter((i) => i.status === 'violation').length;
      await vscode.commands.executeCommand('itarGuard.azure.showViolationsOnly');
      try {
        const shown = itemsUnder(tree, sub());
        assert.ok(shown.length >= 2 && shown.every((i) => i.status === 'violation' || i.type === 'Microsoft.Resources/resourceGroups'));
        assert.equal(shown.filter((i) => i.status === 'violation').length, violations);
        assert.ok(tree.getChildren(sub()).every((n) => iconId(tree.getTreeItem(n)) === 'error'));
        const govSub = child(tree, cloudNode(tree, 'Azure US Government'), GOV_SUB.displayName);
        const govViolations = itemsUnder(tree, govSub).length;
        if (!govViolations) assert.deepEqual(tree.getChildren(govSub).map((n) => label(tree.getTreeItem(n))), ['No violations']);
        await vscode.commands.executeCommand('itarGuard.azure.groupByRegion');
        assert.deepEqual(
          tree.getChildren(sub()).map((n) => label(tree.getTreeItem(n))),
          ['East Asia', 'Southeast Asia', ...(itemsUnder(tree, sub()).some((i) => i.location === 'eastus') ? ['East US'] : [])].sort(),
        );
      } finally {
        await vscode.commands.executeCommand('itarGuard.azure.showAllResources');
      }
      try {
        const regions = tree.getChildren(sub()).map((n) => tree.getTreeItem(n));
        assert.deepEqual(regions.map(label), ['East Asia', 'East US', 'Southeast Asia']);
        assert.match(String(regions[0].description), /^eastasia · 1 violation · /);
        assert.equal(regions[0].contextValue, 'azureRegion');
        assert.equal(itemsUnder(tree, sub()).length, 500);
        const govRegions = tree.getChildren(child(tree, cloudNode(tree, 'Azure US Government'), GOV_SUB.displayName)).map((n) => label(tree.getTreeItem(n)));
        assert.deepEqual(govRegions, ['US Gov Virginia']);
      } finally {
        await vscode.commands.executeCommand('itarGuard.azure.groupByResourceGroup');
      }
      assert.equal(label(tree.getTreeItem(tree.getChildren(sub())[0])), 'rg-0');
    });

    it('several tenants: the user chooses which one to read', async () => {
      try {
        assert.equal(await vscode.commands.executeCommand('itarGuard.azure.chooseTenant', 'AzureCloud', GUEST_TENANT_ID), GUEST_TENANT_ID);
        const azure = cloudNode(tree, 'Azure');
        assert.match(String(tree.getTreeItem(azure).description), /fabrikam\.onmicrosoft\.com/);
        assert.deepEqual(tree.getChildren(azure).map((n) => label(tree.getTreeItem(n))), [GUEST_SUB.displayName]);
        assert.match(tooltip(tree.getTreeItem(azure)), /one of 2/);
      } finally {
        await vscode.commands.executeCommand('itarGuard.azure.chooseTenant', 'AzureCloud', TENANT_ID);
      }
      assert.deepEqual(tree.getChildren(cloudNode(tree, 'Azure')).map((n) => label(tree.getTreeItem(n))), [PUBLIC_SUB.displayName]);
    });

    it('the subscriptions read are those selected', async () => {
      const selected = await vscode.commands.executeCommand<string[]>('itarGuard.azure.selectSubscriptions', [GOV_SUB.subscriptionId.toUpperCase()]);
      assert.deepEqual(selected, [GOV_SUB.subscriptionId]);
      await refresh();
      const [none] = tree.getChildren(cloudNode(tree, 'Azure')).map((n) => tree.getTreeItem(n));
      assert.equal(label(none), 'None of the 1 subscriptions of contoso.onmicrosoft.com is selected');
      assert.equal(none.command?.command, 'itarGuard.azure.selectSubscriptions');
      assert.deepEqual(tree.getChildren(cloudNode(tree, 'Azure US Government')).map((n) => label(tree.getTreeItem(n))), [GOV_SUB.displayName]);
      // Every subscription chosen: no selection, so that new ones are read too.
      assert.deepEqual(await vscode.commands.executeCommand('itarGuard.azure.selectSubscriptions', [PUBLIC_SUB.subscriptionId, GOV_SUB.subscriptionId]), []);
      await refresh();
      assert.deepEqual(tree.getChildren(cloudNode(tree, 'Azure')).map((n) => label(tree.getTreeItem(n))), [PUBLIC_SUB.displayName]);
    });

    it('item commands: Open in Portal (the cloud’s portal), Copy Resource ID, Reveal Declaration in Workspace', async () => {
      const azure = cloudNode(tree, 'Azure');
      const hk = resourceNode(tree, azure, IN_HONG_KONG.id);
      const govResource = walk(tree, cloudNode(tree, 'Azure US Government')).find((n) => n.kind === 'resource')! as Extract<AzureNode, { kind: 'resource' }>;
      const opened: string[] = [];
      const env = vscode.env as { openExternal: typeof vscode.env.openExternal };
      const openExternal = env.openExternal;
      // Nothing is opened for real: the test host lets the suite stand in for the browser.
      env.openExternal = async (uri: vscode.Uri) => !!opened.push(uri.toString(true));
      try {
        assert.equal(await vscode.commands.executeCommand('itarGuard.azure.openInPortal', hk), `https://portal.azure.com/#@${TENANT_ID}/resource${IN_HONG_KONG.id}`);
        assert.equal(await vscode.commands.executeCommand('itarGuard.azure.openInPortal', govResource), `https://portal.azure.us/#@${TENANT_ID}/resource${govResource.item.id}`);
        assert.equal(await vscode.commands.executeCommand('itarGuard.azure.openInPortal', child(tree, azure, PUBLIC_SUB.displayName)), `https://portal.azure.com/#@${TENANT_ID}/resource/subscriptions/${PUBLIC_SUB.subscriptionId}`);
      } finally {
        env.openExternal = openExternal;
      }
      assert.deepEqual(opened, [`https://portal.azure.com/#@${TENANT_ID}/resource${IN_HONG_KONG.id}`, `https://portal.azure.us/#@${TENANT_ID}/resource${govResource.item.id}`, `https://portal.azure.com/#@${TENANT_ID}/resource/subscriptions/${PUBLIC_SUB.subscriptionId}`]);

      assert.equal(await vscode.commands.executeCommand('itarGuard.azure.copyResourceId', hk), IN_HONG_KONG.id);
      assert.equal(await vscode.env.clipboard.readText(), IN_HONG_KONG.id);

      const api = await extensionApi();
      const file = fixtureUri('bicep/deployed.bicep');
      const text = "// The storage account as the workspace declares it\nresource hk 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'sthongkong'\n  location: 'eastus'\n  sku: {\n    name: 'Standard_LRS'\n  }\n  kind: 'StorageV2'\n}\n";
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
      try {
        await vscode.window.showTextDocument(file);
        await api.idle();
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
        const location = await vscode.commands.executeCommand<vscode.Location>('itarGuard.azure.revealDeclaration', hk);
        assert.equal(location?.uri.toString(), file.toString());
        assert.equal(location.range.start.line, 1);
        assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), file.toString());
        assert.equal(vscode.window.activeTextEditor?.selection.start.line, 1);
        assert.equal(await vscode.commands.executeCommand('itarGuard.azure.revealDeclaration', resourceNode(tree, azure, GEO_TO_HONG_KONG.id)), undefined);
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      } finally {
        await vscode.workspace.fs.delete(file);
      }
    });

    it('refresh: on demand, on the interval while the view is shown, and a long read cancelled', async () => {
      const sub = () => child(tree, cloudNode(tree, 'Azure'), PUBLIC_SUB.displayName);
      const before = itemsUnder(tree, sub()).filter((i) => i.status === 'violation').length;
      const added = storageAccount(PUBLIC_SUB.subscriptionId, 'rg-1', 'stnewinhk', 'eastasia');
      estate[0].resources.push(added);
      try {
        await refresh();
        assert.equal(itemsUnder(tree, sub()).filter((i) => i.status === 'violation').length, before + 1);
        assert.equal(iconId(tree.getTreeItem(resourceNode(tree, sub(), added.id))), 'error');
      } finally {
        estate[0].resources.pop();
      }

      await vscode.commands.executeCommand('itarGuard.azure.focus');
      const queries = () => fake.log.filter((r) => GRAPH.test(`${r.method} ${r.url}`)).length;
      const start = queries();
      await setUserSetting('itarGuard', 'azure.refreshInterval', 0.02);
      try {
        await waitFor('a read on the interval', () => queries() >= start + 2, 20_000);
      } finally {
        await setUserSetting('itarGuard', 'azure.refreshInterval', undefined);
      }
      await refresh();
      assert.equal(itemsUnder(tree, sub()).length, 500);

      fake.inject({ match: GRAPH, kind: 'hang', times: 10 });
      const reading = refresh('AzureCloud');
      await waitFor('the read under way', () => /reading…/.test(String(tree.getTreeItem(cloudNode(tree, 'Azure')).description)));
      await vscode.commands.executeCommand('itarGuard.azure.cancel');
      await reading;
      const [cancelled, kept] = tree.getChildren(cloudNode(tree, 'Azure')).map((n) => tree.getTreeItem(n));
      assert.match(label(cancelled), /^Refresh cancelled: showing what was read at /);
      assert.equal(label(kept), PUBLIC_SUB.displayName);
    });
  });

  describe('faults', () => {
    it('a subscription that denies access is an error item and the others load; no token is written anywhere', async () => {
      const tenant = { ...publicTenant(), cloud: 'AzureCloud' as const };
      const denied = subscription(9, 'Denied');
      tenant.subscriptions.push(denied);
      const fake = await useFakeAzure(tenant, { denied: [denied.subscriptionId] });
      try {
        await refresh();
        const azure = cloudNode(tree, 'Azure');
        const deniedItem = tree.getTreeItem(child(tree, azure, 'Denied'));
        assert.equal(deniedItem.description, 'access denied');
        assert.equal(iconId(deniedItem), 'error');
        assert.equal(deniedItem.collapsibleState, vscode.TreeItemCollapsibleState.None);
        assert.match(tooltip(deniedItem), /Not checked: access denied: HTTP 403 AuthorizationFailed/);
        assert.equal(itemsUnder(tree, child(tree, azure, PUBLIC_SUB.displayName)).length, 500);
        assert.match(label(tree.getTreeItem(tree.getChildren(azure)[0])), /^Resource Graph refused the query .*read through Resource Manager$/);

        const texts = walk(tree)
          .map((n) => tree.getTreeItem(n))
          .flatMap((i) => [label(i), String(i.description ?? ''), tooltip(i)])
          .join('\n');
        const logFile = vscode.Uri.joinPath((await extensionApi()).logUri, 'ITAR Guard.log').fsPath;
        const log = await waitFor('the log written', () => {
          try {
            const t = readFileSync(logFile, 'utf8');
            return t.includes('Azure Compliance') ? t : undefined;
          } catch {
            return undefined;
          }
        });
        assert.ok(fake.tokens.length > 0);
        for (const token of fake.tokens) for (const part of [token, token.split('.')[1]]) assert.ok(!texts.includes(part) && !log.includes(part), 'a token was written out');
      } finally {
        await fake.release();
      }
    });

    it('a tenant without subscriptions says so', async () => {
      const fake = await useFakeAzure({ tenantId: TENANT_ID, cloud: 'AzureCloud', displayName: 'Contoso', defaultDomain: 'contoso.onmicrosoft.com', subscriptions: [], resources: [] });
      try {
        await refresh();
        const [none] = tree.getChildren(cloudNode(tree, 'Azure')).map((n) => tree.getTreeItem(n));
        assert.equal(label(none), 'No subscriptions in contoso.onmicrosoft.com');
        assert.equal(iconId(none), 'info');
      } finally {
        await fake.release();
      }
    });

    it('a read that stops part-way is marked partial; subscriptions that cannot be listed show the error', async () => {
      const fake = await useFakeAzure({ ...publicTenant(), cloud: 'AzureCloud' }, { graphPageSize: 200 });
      try {
        fake.inject({ match: GRAPH, kind: 'server-error', status: 500, after: 1, times: 100 });
        await refresh();
        const sub = child(tree, cloudNode(tree, 'Azure'), PUBLIC_SUB.displayName);
        const subItem = tree.getTreeItem(sub);
        assert.match(String(subItem.description), / · partial$/);
        assert.equal(iconId(subItem), 'warning');
        assert.equal(itemsUnder(tree, sub).length, 200);
        assert.match(label(tree.getTreeItem(tree.getChildren(sub)[0])), /^Read only in part: Resource Graph stopped answering part-way: HTTP 500/);

        fake.inject({ match: /^GET \/subscriptions\?/, kind: 'forbidden', times: 10 });
        await refresh();
        const [failure] = tree.getChildren(cloudNode(tree, 'Azure')).map((n) => tree.getTreeItem(n));
        assert.match(label(failure), /^Could not read Azure: the subscriptions could not be listed: HTTP 403 AuthorizationFailed/);
        assert.equal(iconId(failure), 'error');
        assert.equal(failure.command?.command, 'itarGuard.azure.refresh');
      } finally {
        await fake.release();
      }
    });
  });
});
