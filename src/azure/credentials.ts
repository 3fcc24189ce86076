/**
 * The credential of the command line: `@azure/identity`'s DefaultAzureCredential (environment variables,
 * workload identity, managed identity, Azure CLI, Azure Developer CLI, Azure PowerShell), signing in at the
 * chosen cloud's authority.
 *
 * Tests and benchmarks instead set {@link TEST_TOKEN_ENDPOINT_VARIABLE} to a token endpoint of a fake server on
 * this machine; any other host is refused, so the variable can never send a request, or take a token, anywhere
 * else.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { Cloud } from './clouds';

export const TEST_TOKEN_ENDPOINT_VARIABLE = 'ITAR_GUARD_TEST_TOKEN_ENDPOINT';

export class CredentialSetupError extends Error {}

export async function commandLineCredential(cloud: Cloud, env: NodeJS.ProcessEnv = process.env): Promise<TokenCredential> {
  const testEndpoint = env[TEST_TOKEN_ENDPOINT_VARIABLE];
  if (testEndpoint) return new LoopbackTestCredential(testEndpoint);
  // Loaded on demand: the identity library is large and only `live` needs it.
  const { DefaultAzureCredential } = await import('@azure/identity');
  return new DefaultAzureCredential({ authorityHost: cloud.authorityHost });
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** Takes tokens from a test server on the loopback interface: `POST {scope}` answers `{access_token, expires_on}`. */
export class LoopbackTestCredential implements TokenCredential {
  private readonly url: URL;

  constructor(endpoint: string) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new CredentialSetupError(`${TEST_TOKEN_ENDPOINT_VARIABLE} is not a URL`);
    }
    if (url.protocol !== 'https:' || !LOOPBACK_HOSTS.has(url.hostname)) {
      throw new CredentialSetupError(`${TEST_TOKEN_ENDPOINT_VARIABLE} must be an https URL on this machine's loopback interface`);
    }
    this.url = url;
  }

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    const scope = Array.isArray(scopes) ? scopes.join(' ') : scopes;
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scope }),
      signal: options?.abortSignal as AbortSignal | undefined,
    });
    if (!response.ok) throw new Error(`the test token endpoint answered ${response.status}`);
    const body = (await response.json()) as { access_token?: unknown; expires_on?: unknown };
    if (typeof body.access_token !== 'string' || typeof body.expires_on !== 'number') throw new Error('the test token endpoint gave no token');
    return { token: body.access_token, expiresOnTimestamp: body.expires_on * 1000 };
  }
}
