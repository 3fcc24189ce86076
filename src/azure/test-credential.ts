/**
 * The credential of tests and benchmarks: tokens from a fake token endpoint on this machine, named by
 * {@link TEST_TOKEN_ENDPOINT_VARIABLE}. Any other host is refused, so the variable can never send a request, or take
 * a token, anywhere else. The command line honours it always; the extension only in a development or test host.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';

export const TEST_TOKEN_ENDPOINT_VARIABLE = 'ITAR_GUARD_TEST_TOKEN_ENDPOINT';
/** The Resource Manager endpoint the extension reads under test (the command line has `--arm-endpoint`). */
export const TEST_ARM_ENDPOINT_VARIABLE = 'ITAR_GUARD_TEST_ARM_ENDPOINT';

export class CredentialSetupError extends Error {}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** The URL a test variable names, which must be https on the loopback interface. */
export function loopbackUrl(value: string, variable: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CredentialSetupError(`${variable} is not a URL`);
  }
  if (url.protocol !== 'https:' || !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new CredentialSetupError(`${variable} must be an https URL on this machine's loopback interface`);
  }
  return url;
}

/**
 * Takes tokens from a test server on the loopback interface: `POST {scope, tenantId?}` answers
 * `{access_token, expires_on}`. The tenant is the one asked for, else the credential's, else the account's home tenant.
 */
export class LoopbackTestCredential implements TokenCredential {
  private readonly url: URL;

  constructor(
    endpoint: string,
    private readonly tenantId?: string,
  ) {
    this.url = loopbackUrl(endpoint, TEST_TOKEN_ENDPOINT_VARIABLE);
  }

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    const scope = Array.isArray(scopes) ? scopes.join(' ') : scopes;
    const tenantId = options?.tenantId ?? this.tenantId;
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scope, ...(tenantId ? { tenantId } : {}) }),
      signal: options?.abortSignal as AbortSignal | undefined,
    }).catch((e: Error) => {
      // fetch's own message ('fetch failed') hides the reason (a refused connection, an untrusted certificate).
      throw e.name === 'AbortError' ? e : new Error(`the test token endpoint could not be reached: ${(e.cause as Error | undefined)?.message ?? e.message}`);
    });
    if (!response.ok) throw new Error(`the test token endpoint answered ${response.status}`);
    const body = (await response.json()) as { access_token?: unknown; expires_on?: unknown };
    if (typeof body.access_token !== 'string' || typeof body.expires_on !== 'number') throw new Error('the test token endpoint gave no token');
    return { token: body.access_token, expiresOnTimestamp: body.expires_on * 1000 };
  }
}
