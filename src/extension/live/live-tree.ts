/**
 * The Azure Compliance view: cloud → subscription (compliant / warning / violation counts) → resource group, or
 * region → resource → finding, with icons by the worst finding and tooltips that list the findings. Signing in,
 * an empty tenant, a selection that leaves nothing, errors, a partial read and a cancelled refresh show as
 * items of their own.
 */
import * as vscode from 'vscode';
import { CLOUDS, type CloudName } from '../../azure/clouds';
import type { Finding } from '../../engine/model/finding';
import { ruleById } from '../../engine/rules/registry';
import { SEVERITY_ICON } from '../findings-tree';
import { markdownText } from '../markdown-text';
import type { CloudView, LiveState } from './live-state';
import { describeCounts, groupsOf, regionLabel, type CloudResult, type Grouping, type Group, type LiveItem, type Status, type SubscriptionResult } from './model';

export type AzureNode =
  | { readonly kind: 'cloud'; readonly cloud: CloudName }
  | { readonly kind: 'subscription'; readonly cloud: CloudName; readonly tenantId: string; readonly subscription: SubscriptionResult }
  | { readonly kind: 'group'; readonly cloud: CloudName; readonly tenantId: string; readonly subscription: SubscriptionResult; readonly grouping: Grouping; readonly group: Group }
  | { readonly kind: 'resource'; readonly cloud: CloudName; readonly tenantId: string; readonly item: LiveItem }
  | { readonly kind: 'finding'; readonly item: LiveItem; readonly finding: Finding; readonly index: number }
  | { readonly kind: 'message'; readonly id: string; readonly label: string; readonly tooltip?: string; readonly icon: string; readonly command?: vscode.Command };

const STATUS_ICON: Record<Status, vscode.ThemeIcon> = {
  violation: SEVERITY_ICON.error,
  warning: SEVERITY_ICON.warning,
  information: SEVERITY_ICON.information,
  compliant: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
};
const STATUS_COLOR: Record<Status, vscode.ThemeColor | undefined> = {
  violation: new vscode.ThemeColor('problemsErrorIcon.foreground'),
  warning: new vscode.ThemeColor('problemsWarningIcon.foreground'),
  information: undefined,
  compliant: new vscode.ThemeColor('testing.iconPassed'),
};
const ERROR_ICON = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));

const GROUPING_KEY = 'itarGuard.azure.grouping';
const FILTER_KEY = 'itarGuard.azure.violationsOnly';

function message(id: string, label: string, icon: string, command?: vscode.Command, tooltip?: string): AzureNode {
  return { kind: 'message', id, label, icon, command, tooltip };
}

/** The part of a resource type after its namespace: `storageAccounts`, `servers/databases`. */
function shortType(type: string): string {
  return type.slice(type.indexOf('/') + 1);
}

function findingsMarkdown(findings: readonly Finding[]): string {
  if (!findings.length) return '\n\n$(pass) No findings.';
  return '\n\n' + findings.map((f) => `$(${f.severity === 'information' ? 'info' : f.severity}) **${f.ruleId}**: ${markdownText(f.message)}`).join('\n\n');
}

export class AzureTree implements vscode.TreeDataProvider<AzureNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AzureNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  grouping: Grouping;
  violationsOnly: boolean;

  constructor(
    private readonly state: LiveState,
    private readonly memento: vscode.Memento,
  ) {
    this.grouping = memento.get<Grouping>(GROUPING_KEY) === 'region' ? 'region' : 'resourceGroup';
    this.violationsOnly = memento.get<boolean>(FILTER_KEY) === true;
    this.subscription = state.onDidChange(() => this.changed.fire(undefined));
    this.publishContext();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  async setGrouping(g: Grouping): Promise<void> {
    this.grouping = g;
    await this.memento.update(GROUPING_KEY, g);
    this.publishContext();
    this.changed.fire(undefined);
  }

  async setViolationsOnly(on: boolean): Promise<void> {
    this.violationsOnly = on;
    await this.memento.update(FILTER_KEY, on);
    this.publishContext();
    this.changed.fire(undefined);
  }

  private publishContext(): void {
    void vscode.commands.executeCommand('setContext', GROUPING_KEY, this.grouping);
    void vscode.commands.executeCommand('setContext', FILTER_KEY, this.violationsOnly);
  }

  private view(cloud: CloudName): CloudView | undefined {
    return this.state.clouds().find((c) => c.cloud === cloud);
  }

  getChildren(node?: AzureNode): AzureNode[] {
    if (!node) {
      this.state.ensureStarted();
      return this.state.clouds().map((c) => ({ kind: 'cloud', cloud: c.cloud }));
    }
    switch (node.kind) {
      case 'cloud': {
        const view = this.view(node.cloud);
        return view ? this.cloudChildren(view) : [];
      }
      case 'subscription':
        return this.subscriptionChildren(node);
      case 'group': {
        const own = node.group.resource ? this.findingNodes(node.group.resource) : [];
        return [...own, ...node.group.items.map((item): AzureNode => ({ kind: 'resource', cloud: node.cloud, tenantId: node.tenantId, item }))];
      }
      case 'resource':
        return this.findingNodes(node.item);
      default:
        return [];
    }
  }

  private findingNodes(item: LiveItem): AzureNode[] {
    return item.findings.map((finding, index) => ({ kind: 'finding', item, finding, index }));
  }

  private cloudChildren(view: CloudView): AzureNode[] {
    const c = view.cloud;
    const name = CLOUDS[c].displayName;
    const s = view.state;
    const id = (what: string) => `${c}:${what}`;
    const refresh = { command: 'itarGuard.azure.refresh', title: 'Refresh', arguments: [c] };
    // Until a cloud is read, the read under way; a loaded cloud keeps its results on show while it is read again.
    if (s.kind === 'loaded') return this.loadedChildren(view, s.result, s.checkedAt);
    if (view.loading || (s.kind === 'idle' && !view.cancelled)) return [message(id('reading'), `Reading ${name}…`, 'loading~spin')];
    switch (s.kind) {
      case 'idle':
        return [message(id('cancelled'), `Reading ${name} was cancelled`, 'debug-pause', refresh)];
      case 'signed-out':
        return [message(id('sign-in'), `Sign in to ${name}…`, 'sign-in', { command: 'itarGuard.azure.signIn', title: 'Sign In', arguments: [c] })];
      case 'unavailable':
        return [message(id('unavailable'), s.message, 'error', s.fix ? { command: s.fix, title: 'Fix' } : undefined, s.message)];
      case 'sign-in-required':
        return [message(id('sign-in'), `Sign in again to read ${name}: ${s.message}`, 'sign-in', { command: 'itarGuard.azure.signIn', title: 'Sign In', arguments: [c, s.tenantId] }, s.message)];
      case 'failed':
        return [message(id('failed'), `Could not read ${name}: ${s.message}`, 'error', refresh, s.message)];
    }
  }

  private loadedChildren(view: CloudView, result: CloudResult, checkedAt: Date): AzureNode[] {
    const c = view.cloud;
    const out: AzureNode[] = [];
    if (view.cancelled) {
      out.push(message(`${c}:cancelled`, `Refresh cancelled: showing what was read at ${checkedAt.toLocaleTimeString()}`, 'debug-pause', { command: 'itarGuard.azure.refresh', title: 'Refresh', arguments: [c] }));
    }
    if (result.fallbackReason) out.push(message(`${c}:fallback`, result.fallbackReason, 'info', undefined, result.fallbackReason));
    if (!result.subscriptions.length) {
      const tenant = result.tenant.defaultDomain ?? result.tenant.displayName;
      out.push(
        result.visible.length
          ? message(`${c}:none-selected`, `None of the ${result.visible.length} subscriptions of ${tenant} is selected`, 'filter', { command: 'itarGuard.azure.selectSubscriptions', title: 'Select Subscriptions' })
          : message(
              `${c}:no-subscriptions`,
              `No subscriptions in ${tenant}`,
              'info',
              result.tenants.length > 1 ? { command: 'itarGuard.azure.chooseTenant', title: 'Choose Tenant', arguments: [c] } : undefined,
            ),
      );
    }
    for (const subscription of result.subscriptions) out.push({ kind: 'subscription', cloud: c, tenantId: subscription.subscription.tenantId ?? result.tenant.id, subscription });
    return out;
  }

  private subscriptionChildren(node: Extract<AzureNode, { kind: 'subscription' }>): AzureNode[] {
    const s = node.subscription;
    const out: AzureNode[] = [];
    const id = `${node.cloud}:${s.subscription.id}`;
    if (s.error && !s.unread) out.push(message(`${id}:partial`, `Read only in part: ${s.error}`, 'warning', { command: 'itarGuard.azure.refresh', title: 'Refresh', arguments: [node.cloud] }, s.error));
    const groups = groupsOf(s.items, this.grouping, this.violationsOnly);
    for (const group of groups) out.push({ kind: 'group', cloud: node.cloud, tenantId: node.tenantId, subscription: s, grouping: this.grouping, group });
    if (!groups.length && !s.unread) out.push(message(`${id}:${this.violationsOnly ? 'no-violations' : 'empty'}`, this.violationsOnly ? 'No violations' : 'No resources', 'pass'));
    return out;
  }

  getTreeItem(node: AzureNode): vscode.TreeItem {
    const { Collapsed, Expanded, None } = vscode.TreeItemCollapsibleState;
    switch (node.kind) {
      case 'cloud': {
        const view = this.view(node.cloud);
        const item = new vscode.TreeItem(CLOUDS[node.cloud].displayName, Expanded);
        item.id = `cloud:${node.cloud}`;
        const s = view?.state;
        const loaded = s?.kind === 'loaded' ? s : undefined;
        const parts = loaded ? [loaded.account, loaded.result.tenant.defaultDomain ?? loaded.result.tenant.displayName] : s?.kind === 'signed-out' ? ['not signed in'] : [];
        if (view?.loading) parts.push('reading…');
        item.description = parts.filter(Boolean).join(' · ');
        item.iconPath = new vscode.ThemeIcon('cloud', loaded ? STATUS_COLOR[loaded.result.status] : undefined);
        const flags = [loaded ? 'signedIn' : 'signedOut', loaded && loaded.result.tenants.length > 1 ? 'tenants' : ''].filter(Boolean);
        item.contextValue = `azureCloud ${flags.join(' ')}`;
        if (loaded) {
          const r = loaded.result;
          const tip = new vscode.MarkdownString(`**${CLOUDS[node.cloud].displayName}**${loaded.account ? ` — ${markdownText(loaded.account)}` : ''}\n\nTenant: ${markdownText(r.tenant.displayName)} (${markdownText(r.tenant.id)})${r.tenants.length > 1 ? `, one of ${r.tenants.length}` : ''}\n\n${r.subscriptions.length} of ${r.visible.length} subscriptions: ${describeCounts(r.counts)}\n\nChecked at ${loaded.checkedAt.toLocaleString()}`);
          tip.supportThemeIcons = true;
          item.tooltip = tip;
        }
        return item;
      }
      case 'subscription': {
        const s = node.subscription;
        const collapsible = s.unread ? None : Collapsed;
        const item = new vscode.TreeItem(s.subscription.displayName, collapsible);
        item.id = `subscription:${node.cloud}:${s.subscription.id}`;
        item.description = s.unread ? (s.denied ? 'access denied' : 'not read') : `${describeCounts(s.counts)}${s.complete ? '' : ' · partial'}`;
        item.iconPath = s.unread ? ERROR_ICON : s.complete ? STATUS_ICON[s.status] : new vscode.ThemeIcon('warning', STATUS_COLOR[s.status] ?? STATUS_COLOR.warning);
        item.contextValue = 'azureSubscription';
        const source = s.source === 'resource-graph' ? 'Azure Resource Graph' : 'Azure Resource Manager';
        const tip = new vscode.MarkdownString(
          `**${markdownText(s.subscription.displayName)}**\n\n${markdownText(s.subscription.id)}${s.subscription.state ? ` (${markdownText(s.subscription.state)})` : ''}\n\n` +
            (s.unread ? `$(error) Not checked: ${markdownText(s.error ?? '')}` : `${s.items.length} resources read through ${source}: ${describeCounts(s.counts)}${s.error ? `\n\n$(warning) Read only in part: ${markdownText(s.error)}` : ''}`),
        );
        tip.supportThemeIcons = true;
        item.tooltip = tip;
        return item;
      }
      case 'group': {
        const g = node.group;
        const hasChildren = g.items.length > 0 || (g.resource?.findings.length ?? 0) > 0;
        const item = new vscode.TreeItem(g.label, hasChildren ? Collapsed : None);
        item.id = `group:${node.cloud}:${node.subscription.subscription.id}:${node.grouping}:${g.key}`;
        item.description = `${node.grouping === 'region' && g.key ? `${g.key} · ` : ''}${describeCounts(g.counts)}`;
        item.iconPath = STATUS_ICON[g.status];
        item.contextValue = g.resource ? 'azureResource azureGroup' : 'azureRegion';
        const head = g.resource
          ? `**${markdownText(g.label)}** — resource group in ${regionLabel(g.resource.location)}\n\n${markdownText(g.resource.id)}${findingsMarkdown(g.resource.findings)}`
          : `**${markdownText(g.label)}**${g.key ? ` (\`${g.key}\`)` : ''}`;
        const tip = new vscode.MarkdownString(`${head}\n\n${describeCounts(g.counts)}`);
        tip.supportThemeIcons = true;
        item.tooltip = tip;
        return item;
      }
      case 'resource': {
        const r = node.item;
        const item = new vscode.TreeItem(r.name, r.findings.length ? Collapsed : None);
        item.id = `resource:${r.id.toLowerCase()}`;
        item.description = `${shortType(r.type)} · ${r.location || 'no location'}`;
        item.iconPath = STATUS_ICON[r.status];
        item.contextValue = 'azureResource';
        const tip = new vscode.MarkdownString(
          `**${markdownText(r.name)}** — ${markdownText(r.type)}\n\n${regionLabel(r.location)}${r.location ? ` (\`${r.location}\`)` : ''}${r.resourceGroup ? `, resource group ${markdownText(r.resourceGroup)}` : ''}\n\n${markdownText(r.id)}${findingsMarkdown(r.findings)}`,
        );
        tip.supportThemeIcons = true;
        item.tooltip = tip;
        return item;
      }
      case 'finding': {
        const f = node.finding;
        const item = new vscode.TreeItem(ruleById(f.ruleId)?.meta.title ?? f.ruleId, None);
        item.id = `finding:${node.item.id.toLowerCase()}:${node.index}`;
        item.description = f.message;
        item.tooltip = new vscode.MarkdownString(`**${f.ruleId}**\n\n${markdownText(f.message)}`);
        item.iconPath = SEVERITY_ICON[f.severity];
        item.contextValue = 'azureFinding';
        item.command = { command: 'itarGuard.showRuleDocumentation', title: 'Show Rule Documentation', arguments: [f.ruleId] };
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.label, None);
        item.id = `message:${node.id}`;
        item.iconPath = node.icon === 'error' ? ERROR_ICON : new vscode.ThemeIcon(node.icon);
        item.tooltip = node.tooltip;
        item.command = node.command;
        item.contextValue = 'azureMessage';
        return item;
      }
    }
  }
}
