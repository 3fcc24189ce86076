/**
 * Signing in to the clouds of the Azure Compliance view with VS Code's own accounts: the `microsoft`
 * authentication provider for Azure public, `microsoft-sovereign-cloud` for Azure US Government (that provider
 * signs in to the cloud its `microsoft-sovereign-cloud.environment` setting names). A session's token is handed
 * to the Azure SDK as a `TokenCredential`, for the cloud's Resource Manager scope and one tenant at a time.
 *
 * Under test only (a development or test extension host, never an installed extension), tokens and Resource
 * Manager may come from a fake on this machine's loopback interface instead, named by environment variables.
 */
import * as vscode from 'vscode';
import type { AccessToken, GetTokenOptions, TokenCredential } from '../../azure/account';
import { CLOUD_NAMES, CLOUDS, type CloudName } from '../../azure/clouds';
import { loopbackUrl, TEST_ARM_ENDPOINT_VARIABLE, TEST_TOKEN_ENDPOINT_VARIABLE } from '../../azure/test-credential';
import { SECTION } from '../settings';
import { tokenExpiry } from './token-expiry';

export const AUTH_PROVIDERS: Readonly<Record<CloudName, string>> = { AzureCloud: 'microsoft', AzureUSGovernment: 'microsoft-sovereign-cloud' };

const SOVEREIGN_SECTION = 'microsoft-sovereign-cloud';
/** The value of `microsoft-sovereign-cloud.environment` that makes its provider sign in to Azure US Government. */
const US_GOVERNMENT_ENVIRONMENT = 'USGovernment';

function sovereignEnvironment(): string | undefined {
  return vscode.workspace.getConfiguration(SOVEREIGN_SECTION).get<string>('environment') || undefined;
}

/** The clouds the view shows: the setting's, else the one VS Code's sovereign-cloud setting names, else Azure. */
export function configuredClouds(): CloudName[] {
  const chosen = (vscode.workspace.getConfiguration(SECTION).get<string[]>('azure.clouds') ?? []).filter((c): c is CloudName => (CLOUD_NAMES as readonly string[]).includes(c));
  if (chosen.length) return CLOUD_NAMES.filter((c) => chosen.includes(c));
  return [sovereignEnvironment() === US_GOVERNMENT_ENVIRONMENT ? 'AzureUSGovernment' : 'AzureCloud'];
}

/** Why VS Code cannot sign in to the cloud as it is configured, if it cannot. */
export function signInProblem(cloud: CloudName): string | undefined {
  if (cloud !== 'AzureUSGovernment') return undefined;
  const env = sovereignEnvironment();
  if (env === US_GOVERNMENT_ENVIRONMENT) return undefined;
  return `VS Code's Microsoft Sovereign Cloud sign-in is set to ${env ? `'${env}'` : 'no cloud'} (microsoft-sovereign-cloud.environment), not Azure US Government. Choose the clouds again to set it.`;
}

/**
 * Sets the sovereign-cloud sign-in to Azure US Government for a user who chose that cloud: at once when it names
 * no cloud, after asking when it names another (other extensions sign in through it too). Whether it is set.
 */
export async function useUsGovernmentSignIn(): Promise<boolean> {
  const env = sovereignEnvironment();
  if (env === US_GOVERNMENT_ENVIRONMENT) return true;
  if (env) {
    const yes = 'Use Azure US Government';
    const answer = await vscode.window.showWarningMessage(
      `VS Code's Microsoft Sovereign Cloud sign-in is set to '${env}'. Signing in to Azure US Government changes it for every extension that uses it.`,
      { modal: true },
      yes,
    );
    if (answer !== yes) return false;
  }
  await vscode.workspace.getConfiguration(SOVEREIGN_SECTION).update('environment', US_GOVERNMENT_ENVIRONMENT, vscode.ConfigurationTarget.Global);
  return true;
}

function scopesFor(cloud: CloudName, scopes: string | string[], tenantId: string | undefined): string[] {
  const list = Array.isArray(scopes) ? scopes : [scopes];
  return [...(list.length ? list : [CLOUDS[cloud].armScope]), ...(tenantId ? [`VSCODE_TENANT:${tenantId}`] : [])];
}

/** The signed-in session of the cloud, without asking the user; undefined when there is none. */
export async function existingSession(cloud: CloudName): Promise<vscode.AuthenticationSession | undefined> {
  return vscode.authentication.getSession(AUTH_PROVIDERS[cloud], scopesFor(cloud, [], undefined), { silent: true });
}

/** Asks the user to sign in (to a tenant, when one is named). */
export function signIn(cloud: CloudName, tenantId?: string): Thenable<vscode.AuthenticationSession> {
  return vscode.authentication.getSession(AUTH_PROVIDERS[cloud], scopesFor(cloud, [], tenantId), { createIfNone: true });
}

/** Thrown when a tenant needs the user to sign in again (multi-factor authentication, consent, an expired sign-in). */
export class SignInRequired extends Error {
  constructor(readonly tenantId: string | undefined) {
    super(tenantId ? `sign in to tenant ${tenantId} to read it` : 'sign in to read this cloud');
  }
}

/** A VS Code session as a `TokenCredential`: the token of the cloud's provider, for one tenant (the home tenant when none). */
export class SessionCredential implements TokenCredential {
  constructor(
    private readonly cloud: CloudName,
    private readonly tenantId?: string,
  ) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    const tenant = options?.tenantId ?? this.tenantId;
    const session = await vscode.authentication.getSession(AUTH_PROVIDERS[this.cloud], scopesFor(this.cloud, scopes, tenant), { silent: true });
    if (!session) throw new SignInRequired(tenant);
    return { token: session.accessToken, expiresOnTimestamp: tokenExpiry(session.accessToken) };
  }
}

export interface TestEndpoints {
  readonly token: string;
  readonly resourceManager: string;
}

/**
 * The fake endpoints of a test run: only in a development or test extension host, only when both variables name
 * https URLs on the loopback interface (a {@link loopbackUrl} error otherwise).
 */
export function testEndpoints(mode: vscode.ExtensionMode): TestEndpoints | undefined {
  if (mode === vscode.ExtensionMode.Production) return undefined;
  const token = process.env[TEST_TOKEN_ENDPOINT_VARIABLE];
  const arm = process.env[TEST_ARM_ENDPOINT_VARIABLE];
  if (!token || !arm) return undefined;
  loopbackUrl(token, TEST_TOKEN_ENDPOINT_VARIABLE);
  return { token, resourceManager: loopbackUrl(arm, TEST_ARM_ENDPOINT_VARIABLE).toString().replace(/\/+$/, '') };
}
