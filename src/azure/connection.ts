/**
 * How every Azure SDK client of a live load reaches Azure Resource Manager: one endpoint (the cloud's, or an
 * Azure Stack Hub / private one), one token scope, one shared access-token cache, the SDK's retries (429 with
 * Retry-After, 5xx and network errors with exponential backoff), a time-out per attempt, and the caller's
 * cancellation.
 */
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { bearerTokenAuthenticationPolicyName, RestError, type Pipeline, type PipelinePolicy, type PipelineRequest } from '@azure/core-rest-pipeline';
import { VERSION } from '../version';
import type { Cloud } from './clouds';

export interface RetrySettings {
  readonly maxRetries: number;
  /** The first backoff delay for 5xx and network errors; it doubles on each retry. */
  readonly retryDelayInMs: number;
  readonly maxRetryDelayInMs: number;
}

export interface ConnectionOptions {
  /** An ARM endpoint other than the cloud's (Azure Stack Hub, a private endpoint). */
  readonly endpoint?: string;
  /** The token scope, when the endpoint's differs from the cloud's. */
  readonly scope?: string;
  /** How long one attempt may wait for an answer before it is retried. */
  readonly attemptTimeoutMs?: number;
  readonly retry?: Partial<RetrySettings>;
  readonly signal?: AbortSignal;
}

export interface ArmConnection {
  readonly cloud: Cloud;
  /** The ARM endpoint, without a trailing slash. */
  readonly endpoint: string;
  readonly scope: string;
  /** For the clients' constructors; requests are authenticated by the connection's own policy ({@link authorize}). */
  readonly credential: TokenCredential;
  readonly signal?: AbortSignal;
  /** Options for an Azure SDK management client's constructor. */
  clientOptions(): ClientOptions;
  /** Puts the connection's authentication into a client built with {@link clientOptions}. */
  authorize<T extends { pipeline: Pipeline }>(client: T): T;
}

export interface ClientOptions {
  endpoint: string;
  $host: string;
  credentialScopes: string[];
  retryOptions: RetrySettings;
  additionalPolicies: { policy: PipelinePolicy; position: 'perCall' | 'perRetry' }[];
  userAgentOptions: { userAgentPrefix: string };
}

/** The SDK's defaults for retries (3 retries, 1 s doubling to 64 s at most). */
const DEFAULT_RETRY: RetrySettings = { maxRetries: 3, retryDelayInMs: 1000, maxRetryDelayInMs: 64_000 };
const DEFAULT_ATTEMPT_TIMEOUT_MS = 60_000;

export function connect(cloud: Cloud, credential: TokenCredential, options: ConnectionOptions = {}): ArmConnection {
  const endpoint = (options.endpoint ?? cloud.resourceManager).replace(/\/+$/, '');
  // The token is for ARM of the cloud, whatever host answers: a client would otherwise derive the scope from its
  // endpoint.
  const scope = options.scope ?? cloud.armScope;
  const auth = authenticationPolicy(credential, scope);
  const timeout = attemptTimeoutPolicy(options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS);
  const retryOptions = { ...DEFAULT_RETRY, ...options.retry };
  return {
    cloud,
    endpoint,
    scope,
    credential,
    signal: options.signal,
    clientOptions: () => ({
      endpoint,
      $host: endpoint,
      credentialScopes: [scope],
      retryOptions,
      additionalPolicies: [{ policy: timeout, position: 'perRetry' }],
      userAgentOptions: { userAgentPrefix: `itar-guard/${VERSION}` },
    }),
    authorize(client) {
      client.pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
      client.pipeline.addPolicy(auth, { phase: 'Sign' });
      return client;
    },
  };
}

/** Tokens are renewed this long before they expire, as the Azure SDK does. */
const REFRESH_MARGIN_MS = 2 * 60_000;

/**
 * Bearer authentication with one token cache for all clients of a load. A 401 means the token was refused
 * (expired early, revoked, clock skew): the policy asks the credential for a fresh token and retries once.
 * Tokens only ever go into the Authorization header of HTTPS requests.
 */
function authenticationPolicy(credential: TokenCredential, scope: string): PipelinePolicy {
  let cached: AccessToken | undefined;
  let pending: Promise<AccessToken> | undefined;
  const fetchToken = (request: PipelineRequest): Promise<AccessToken> => {
    pending ??= credential
      .getToken(scope, { abortSignal: request.abortSignal })
      .then((t) => {
        if (!t) throw new Error('the credential gave no access token');
        cached = t;
        return t;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
  const current = (request: PipelineRequest): Promise<AccessToken> =>
    cached && cached.expiresOnTimestamp - Date.now() > REFRESH_MARGIN_MS ? Promise.resolve(cached) : fetchToken(request);
  return {
    name: 'itarGuardArmAuthentication',
    async sendRequest(request, next) {
      if (!request.url.toLowerCase().startsWith('https://')) {
        throw new Error(`ITAR Guard sends access tokens over HTTPS only, not to ${new URL(request.url).origin}`);
      }
      const used = await current(request);
      request.headers.set('Authorization', `Bearer ${used.token}`);
      const response = await next(request);
      if (response.status !== 401) return response;
      // Concurrent requests refused with the same token share one refresh.
      const fresh = cached && cached.token !== used.token ? cached : await fetchToken(request);
      request.headers.set('Authorization', `Bearer ${fresh.token}`);
      return next(request);
    },
  };
}

/**
 * Gives each attempt a deadline. The SDK cancels a request whose time-out passes with an abort error, which its
 * retry policy does not retry; this turns it into a time-out error, which it does.
 */
function attemptTimeoutPolicy(ms: number): PipelinePolicy {
  return {
    name: 'itarGuardAttemptTimeout',
    async sendRequest(request, next) {
      request.timeout = ms;
      try {
        return await next(request);
      } catch (e) {
        if ((e as Error)?.name === 'AbortError' && !request.abortSignal?.aborted) {
          throw new RestError(`no answer from ${new URL(request.url).host} within ${Math.round(ms / 1000)} s`, { code: 'ETIMEDOUT', request });
        }
        throw e;
      }
    },
  };
}
