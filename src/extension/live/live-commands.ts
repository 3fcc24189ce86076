/**
 * The Azure Compliance view's commands. Each takes its input as arguments when given (tree items, placeholder
 * items and tests pass them) and asks the user otherwise. Nothing here changes anything in Azure.
 */
import * as vscode from 'vscode';
import { CLOUD_NAMES, CLOUDS, portalUrl, type CloudName } from '../../azure/clouds';
import type { Analysis } from '../analysis';
import { locationOf } from '../convert';
import { SECTION } from '../settings';
import type { LiveState } from './live-state';
import type { AzureNode, AzureTree } from './live-tree';
import type { LiveItem } from './model';
import { configuredClouds, signIn, useUsGovernmentSignIn } from './sign-in';

function isCloudName(x: unknown): x is CloudName {
  return typeof x === 'string' && (CLOUD_NAMES as readonly string[]).includes(x);
}

/** The cloud an argument names: a cloud name, or a tree item of that cloud. */
function cloudOf(arg: unknown): CloudName | undefined {
  if (isCloudName(arg)) return arg;
  const cloud = (arg as { cloud?: unknown } | undefined)?.cloud;
  return isCloudName(cloud) ? cloud : undefined;
}

/** The Azure resource a tree item stands for: a subscription, a resource group or a resource. */
function targetOf(node: AzureNode | undefined): { id: string; cloud: CloudName; tenantId: string; item?: LiveItem } | undefined {
  switch (node?.kind) {
    case 'subscription':
      return { id: `/subscriptions/${node.subscription.subscription.id}`, cloud: node.cloud, tenantId: node.tenantId };
    case 'group':
      return node.group.resource ? { id: node.group.resource.id, cloud: node.cloud, tenantId: node.tenantId, item: node.group.resource } : undefined;
    case 'resource':
      return { id: node.item.id, cloud: node.cloud, tenantId: node.tenantId, item: node.item };
    default:
      return undefined;
  }
}

export class AzureCommands {
  constructor(
    private readonly state: LiveState,
    private readonly tree: AzureTree,
    private readonly analysis: Analysis,
  ) {}

  register(): vscode.Disposable[] {
    const c = (id: string, fn: (...args: never[]) => unknown) => vscode.commands.registerCommand(id, fn);
    return [
      c('itarGuard.azure.refresh', (arg?: unknown) => {
        const cloud = cloudOf(arg);
        return this.state.refresh(cloud ? [cloud] : undefined);
      }),
      c('itarGuard.azure.cancel', () => this.state.cancel()),
      c('itarGuard.azure.signIn', (arg?: unknown, tenantId?: string) => this.signIn(arg, tenantId)),
      c('itarGuard.azure.chooseClouds', (clouds?: string[]) => this.chooseClouds(clouds)),
      c('itarGuard.azure.chooseTenant', (arg?: unknown, tenantId?: string) => this.chooseTenant(arg, tenantId)),
      c('itarGuard.azure.selectSubscriptions', (ids?: string[]) => this.selectSubscriptions(ids)),
      c('itarGuard.azure.showViolationsOnly', () => this.tree.setViolationsOnly(true)),
      c('itarGuard.azure.showAllResources', () => this.tree.setViolationsOnly(false)),
      c('itarGuard.azure.groupByRegion', () => this.tree.setGrouping('region')),
      c('itarGuard.azure.groupByResourceGroup', () => this.tree.setGrouping('resourceGroup')),
      c('itarGuard.azure.openInPortal', (node?: AzureNode) => this.openInPortal(node)),
      c('itarGuard.azure.revealDeclaration', (node?: AzureNode) => this.revealDeclaration(node)),
      c('itarGuard.azure.copyResourceId', (node?: AzureNode) => this.copyResourceId(node)),
    ];
  }

  /** The cloud an argument names, or the only configured one, or the one the user picks. */
  private async cloud(arg: unknown, among: readonly CloudName[] = configuredClouds()): Promise<CloudName | undefined> {
    const named = cloudOf(arg);
    if (named) return named;
    if (among.length <= 1) return among[0];
    return (await vscode.window.showQuickPick(among.map((c) => ({ label: CLOUDS[c].displayName, cloud: c })), { title: 'ITAR Guard: choose the cloud' }))?.cloud;
  }

  private async signIn(arg: unknown, tenantId?: string): Promise<void> {
    const cloud = await this.cloud(arg);
    if (!cloud) return;
    try {
      await signIn(cloud, tenantId);
    } catch (e) {
      void vscode.window.showErrorMessage(`ITAR Guard: signing in to ${CLOUDS[cloud].displayName} did not complete: ${(e as Error).message}`);
      return;
    }
    await this.state.refresh([cloud]);
  }

  /** Sets the clouds the view shows; choosing Azure US Government also points VS Code's sovereign-cloud sign-in at it. */
  private async chooseClouds(clouds?: string[]): Promise<CloudName[] | undefined> {
    const current = configuredClouds();
    const chosen =
      clouds?.filter(isCloudName) ??
      (
        await vscode.window.showQuickPick(
          CLOUD_NAMES.map((c) => ({ label: CLOUDS[c].displayName, description: c, picked: current.includes(c), cloud: c })),
          { title: 'ITAR Guard: clouds to check', canPickMany: true },
        )
      )?.map((p) => p.cloud);
    if (!chosen?.length) return undefined;
    if (chosen.includes('AzureUSGovernment')) await useUsGovernmentSignIn();
    await vscode.workspace.getConfiguration(SECTION).update('azure.clouds', chosen, vscode.ConfigurationTarget.Global);
    return chosen;
  }

  private async chooseTenant(arg: unknown, tenantId?: string): Promise<string | undefined> {
    const loaded = this.state.clouds().flatMap((v) => (v.state.kind === 'loaded' ? [{ cloud: v.cloud, result: v.state.result }] : []));
    const cloud = await this.cloud(
      arg,
      loaded.map((l) => l.cloud),
    );
    const result = loaded.find((l) => l.cloud === cloud)?.result;
    if (!cloud || !result) {
      void vscode.window.showInformationMessage('ITAR Guard: sign in to a cloud in the Azure Compliance view first.');
      return undefined;
    }
    const picked =
      tenantId ??
      (
        await vscode.window.showQuickPick(
          result.tenants.map((t) => ({ label: t.displayName, description: [t.defaultDomain, t.id === result.tenant.id ? '(current)' : ''].filter(Boolean).join(' '), detail: t.id, id: t.id })),
          { title: `ITAR Guard: tenant to check in ${CLOUDS[cloud].displayName}`, matchOnDescription: true, matchOnDetail: true },
        )
      )?.id;
    if (!picked) return undefined;
    await this.state.chooseTenant(cloud, picked);
    return picked;
  }

  /**
   * Sets which subscriptions are read, among those the signed-in clouds list; IDs of subscriptions not listed now
   * (another tenant's) stay selected. Choosing every one clears the selection, so that new ones are read too.
   */
  private async selectSubscriptions(ids?: string[]): Promise<string[] | undefined> {
    const visible = this.state.clouds().flatMap((v) => (v.state.kind === 'loaded' ? v.state.result.visible.map((s) => ({ cloud: v.cloud, s })) : []));
    if (!visible.length) {
      void vscode.window.showInformationMessage('ITAR Guard: sign in to a cloud in the Azure Compliance view first.');
      return undefined;
    }
    const config = vscode.workspace.getConfiguration(SECTION);
    const current = (config.get<string[]>('azure.subscriptions') ?? []).map((id) => id.toLowerCase());
    const listed = new Set(visible.map((v) => v.s.id.toLowerCase()));
    const chosen =
      ids?.map((id) => id.toLowerCase()) ??
      (
        await vscode.window.showQuickPick(
          visible.map((v) => ({ label: v.s.displayName, description: v.s.id, detail: CLOUDS[v.cloud].displayName, picked: !current.length || current.includes(v.s.id.toLowerCase()), id: v.s.id.toLowerCase() })),
          { title: 'ITAR Guard: subscriptions to check', canPickMany: true, matchOnDescription: true },
        )
      )?.map((p) => p.id);
    if (!chosen) return undefined;
    const kept = current.filter((id) => !listed.has(id));
    const next = chosen.length === listed.size && !kept.length ? [] : [...kept, ...chosen.filter((id) => listed.has(id))];
    const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await config.update('azure.subscriptions', next, target);
    return next;
  }

  /** Opens the item in the portal of its cloud, in its tenant; resolves to the address opened. */
  private async openInPortal(node?: AzureNode): Promise<string | undefined> {
    const target = targetOf(node);
    if (!target) return undefined;
    const url = portalUrl(CLOUDS[target.cloud], target.id, target.tenantId);
    await vscode.env.openExternal(vscode.Uri.parse(url, true));
    return url;
  }

  private async copyResourceId(node?: AzureNode): Promise<string | undefined> {
    const target = targetOf(node);
    if (!target) return undefined;
    await vscode.env.clipboard.writeText(target.id);
    return target.id;
  }

  /** Opens the workspace's declaration of a resource of the item's type and name; asks which when there are several. */
  private async revealDeclaration(node?: AzureNode): Promise<vscode.Location | undefined> {
    const item = targetOf(node)?.item;
    if (!item) return undefined;
    await this.analysis.idle();
    const locations = (await this.analysis.engine.declarations(item.type, item.name)).map(locationOf);
    const where = (l: vscode.Location) => `${vscode.workspace.asRelativePath(l.uri)}:${l.range.start.line + 1}`;
    const location =
      locations.length <= 1
        ? locations[0]
        : (await vscode.window.showQuickPick(locations.map((l) => ({ label: where(l), location: l })), { title: `ITAR Guard: declarations of ${item.type} '${item.name}'` }))?.location;
    if (!locations.length) void vscode.window.showInformationMessage(`ITAR Guard: no file of the workspace declares ${item.type} '${item.name}'.`);
    if (!location) return undefined;
    await vscode.window.showTextDocument(location.uri, { selection: location.range });
    return location;
  }
}
