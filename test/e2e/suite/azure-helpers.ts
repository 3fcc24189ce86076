/**
 * Shared steps of the Azure Compliance tests: a fake Azure in the extension host's own process, named to the
 * extension by the test variables (which it honours in a test host only), and reading the view's items.
 */
import * as vscode from 'vscode';
import { TEST_ARM_ENDPOINT_VARIABLE, TEST_TOKEN_ENDPOINT_VARIABLE } from '../../../src/azure/test-credential';
import type { AzureNode, AzureTree } from '../../../src/extension/live/live-tree';
import { FakeArm, type FakeArmOptions } from '../../azure/fake-arm/server';
import type { FakeTenant } from '../../azure/fake-arm/tenant';

const VARIABLES = [TEST_TOKEN_ENDPOINT_VARIABLE, TEST_ARM_ENDPOINT_VARIABLE];

/** Starts a fake Azure and points the extension at it; `stop` points it back where it was. */
export async function useFakeAzure(tenants: FakeTenant | readonly FakeTenant[], options: FakeArmOptions = {}): Promise<FakeArm & { release(): Promise<void> }> {
  const fake = await new FakeArm(tenants, options).start();
  const before = VARIABLES.map((v) => process.env[v]);
  process.env[TEST_TOKEN_ENDPOINT_VARIABLE] = fake.tokenEndpoint;
  process.env[TEST_ARM_ENDPOINT_VARIABLE] = fake.url;
  return Object.assign(fake, {
    async release() {
      VARIABLES.forEach((v, i) => (before[i] === undefined ? delete process.env[v] : (process.env[v] = before[i])));
      await fake.stop();
    },
  });
}

/** No fake Azure: the extension signs in through VS Code's accounts, as for a user. */
export function withoutFakeAzure(): () => void {
  const before = VARIABLES.map((v) => process.env[v]);
  for (const v of VARIABLES) delete process.env[v];
  return () => VARIABLES.forEach((v, i) => before[i] !== undefined && (process.env[v] = before[i]));
}

export function label(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

export function iconId(item: vscode.TreeItem): string | undefined {
  return item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined;
}

export function tooltip(item: vscode.TreeItem): string {
  return typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? '');
}

/** Every node of the tree below `node`, depth first. */
export function walk(tree: AzureTree, node?: AzureNode): AzureNode[] {
  return tree.getChildren(node).flatMap((n) => [n, ...walk(tree, n)]);
}

export function cloudNode(tree: AzureTree, name: string): AzureNode {
  const found = tree.getChildren().find((n) => label(tree.getTreeItem(n)) === name);
  if (!found) throw new Error(`no cloud '${name}' in the Azure Compliance view`);
  return found;
}

export function child(tree: AzureTree, parent: AzureNode, name: string | RegExp): AzureNode {
  const found = tree.getChildren(parent).find((n) => (typeof name === 'string' ? label(tree.getTreeItem(n)) === name : name.test(label(tree.getTreeItem(n)))));
  if (!found) throw new Error(`no '${name}' under '${label(tree.getTreeItem(parent))}': ${tree.getChildren(parent).map((n) => label(tree.getTreeItem(n))).join(', ')}`);
  return found;
}

/** Sets a user setting, or removes it. */
export function setUserSetting(section: string, key: string, value: unknown): Thenable<void> {
  return vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Global);
}
