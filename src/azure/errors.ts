/**
 * One-line descriptions of what went wrong talking to Azure, for reports, the tree and stderr. They name the
 * HTTP status and ARM's error code and message; anything shaped like a token is blanked, whatever the message.
 */
import { isRestError } from '@azure/core-rest-pipeline';

export function describeAzureError(e: unknown): string {
  let text: string;
  if (isRestError(e)) {
    const status = e.statusCode ? `HTTP ${e.statusCode}` : '';
    const code = e.code && e.code !== 'ETIMEDOUT' && !/^REQUEST_SEND_ERROR$/.test(e.code) ? e.code : '';
    text = [status, code].filter(Boolean).join(' ') + (status || code ? ': ' : '') + e.message;
  } else if (e instanceof Error) {
    text = e.name === 'AbortError' ? 'cancelled' : e.message;
  } else {
    text = String(e);
  }
  return redactSecrets(text.replace(/\s+/g, ' ').trim());
}

/** Blanks bearer tokens and JSON Web Tokens in a text. */
export function redactSecrets(text: string): string {
  return text.replace(/Bearer\s+[\w.~+/=-]+/gi, 'Bearer ***').replace(/eyJ[\w-]*\.[\w-]*\.[\w-]*/g, '***');
}

/** Whether a request failed because the caller is not allowed (as opposed to a fault worth reporting as such). */
export function isAccessDenied(e: unknown): boolean {
  return isRestError(e) && (e.statusCode === 401 || e.statusCode === 403);
}

export function isCancellation(e: unknown, signal?: AbortSignal): boolean {
  return !!signal?.aborted || (e instanceof Error && e.name === 'AbortError');
}
