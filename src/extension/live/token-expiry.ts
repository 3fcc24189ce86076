/** How long an opaque access token is used before it is asked for again. */
const OPAQUE_TOKEN_MS = 5 * 60_000;

/**
 * When a VS Code session's access token expires, for the Azure SDK's token cache: sessions do not say, a JSON Web
 * Token does (its `exp` claim). The token is only read, never kept or written anywhere.
 */
export function tokenExpiry(token: string, now = Date.now()): number {
  try {
    const exp = (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    if (typeof exp === 'number' && Number.isFinite(exp)) return exp * 1000;
  } catch {
    // not a JSON Web Token
  }
  return now + OPAQUE_TOKEN_MS;
}
