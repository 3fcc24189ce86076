/**
 * What a private ARM endpoint (Azure Stack Hub, or any `--arm-endpoint`) says about itself at
 * `GET /metadata/endpoints?api-version=2015-01-01`: the sign-in endpoint and the token audience it accepts
 * (the metadata Azure Stack Hub documents for its Resource Manager, and the Azure CLI reads on
 * `az cloud register --endpoint-resource-manager`). Anonymous, read-only.
 */
import type { Cloud } from './clouds';

export interface EndpointAuthentication {
  readonly scope: string;
  readonly authorityHost: string;
}

const METADATA_TIMEOUT_MS = 10_000;

/** The endpoint's authentication settings, or undefined when it publishes none (the cloud's then apply). */
export async function discoverEndpointAuthentication(endpoint: string, signal?: AbortSignal): Promise<EndpointAuthentication | undefined> {
  const timeout = AbortSignal.timeout(METADATA_TIMEOUT_MS);
  try {
    const response = await fetch(`${endpoint.replace(/\/+$/, '')}/metadata/endpoints?api-version=2015-01-01`, {
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    if (!response.ok) return undefined;
    const body = (await response.json()) as { authentication?: { loginEndpoint?: unknown; audiences?: unknown } };
    const audience = Array.isArray(body.authentication?.audiences) ? body.authentication.audiences.find((a): a is string => typeof a === 'string') : undefined;
    const login = body.authentication?.loginEndpoint;
    if (!audience || typeof login !== 'string') return undefined;
    // A resource identifier that ends in a slash keeps it: its v2 scope is `…//.default`, as Microsoft Entra ID reads it.
    return { scope: `${audience}/.default`, authorityHost: login.replace(/\/+$/, '') };
  } catch {
    return undefined;
  }
}

/** The cloud as seen through a private endpoint: its sign-in host replaced by the endpoint's. */
export function withEndpointAuthentication(cloud: Cloud, auth: EndpointAuthentication | undefined): Cloud {
  return auth ? { ...cloud, authorityHost: auth.authorityHost, armScope: auth.scope } : cloud;
}
