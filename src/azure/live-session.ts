/**
 * One live check, start to end: the cloud (and a private endpoint's own sign-in settings), the credential, the
 * load and the evaluation. The command line imports this module on demand, so the Azure SDK loads only for
 * `live`.
 */
import type { TokenCredential } from '@azure/core-auth';
import type { AnalysisConfig } from '../engine/workspace/workspace';
import { CLOUDS, type Cloud, type CloudName } from './clouds';
import { connect, type ConnectionOptions } from './connection';
import { commandLineCredential } from './credentials';
import { discoverEndpointAuthentication, withEndpointAuthentication } from './endpoint-metadata';
import { evaluateLive, type LiveEvaluation } from './evaluate';
import { loadLiveState, type LiveLoad, type LoadProgress } from './load';

export { CLOUD_NAMES } from './clouds';
export { CredentialSetupError } from './credentials';
export { LiveLoadError } from './load';

export interface LiveCheckOptions {
  readonly cloud: CloudName;
  /** A private ARM endpoint instead of the cloud's. */
  readonly endpoint?: string;
  readonly subscriptionIds?: readonly string[];
  readonly config: AnalysisConfig;
  /** The command line's credential when absent. */
  readonly credential?: TokenCredential;
  readonly connection?: Omit<ConnectionOptions, 'endpoint' | 'scope' | 'signal'>;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: LoadProgress) => void;
}

export interface LiveSummary {
  readonly cloud: CloudName;
  readonly endpoint: string;
  readonly subscriptions: { id: string; displayName: string; resources: number; source: string; complete: boolean; error?: string }[];
}

export interface LiveCheck {
  readonly cloud: Cloud;
  readonly load: LiveLoad;
  readonly evaluation: LiveEvaluation;
  readonly summary: LiveSummary;
}

export async function runLiveCheck(options: LiveCheckOptions): Promise<LiveCheck> {
  let cloud = CLOUDS[options.cloud];
  if (options.endpoint) cloud = withEndpointAuthentication(cloud, await discoverEndpointAuthentication(options.endpoint, options.signal));
  const credential = options.credential ?? (await commandLineCredential(cloud));
  const connection = connect(cloud, credential, { ...options.connection, endpoint: options.endpoint, signal: options.signal });
  const load = await loadLiveState(connection, { subscriptionIds: options.subscriptionIds, onProgress: options.onProgress });
  options.onProgress?.({ message: 'Checking', resources: load.subscriptions.reduce((n, s) => n + s.resources.length, 0) });
  const evaluation = evaluateLive(load, options.config);
  const summary: LiveSummary = {
    cloud: options.cloud,
    endpoint: connection.endpoint,
    subscriptions: load.subscriptions.map((s) => ({
      id: s.subscription.id,
      displayName: s.subscription.displayName,
      resources: s.resources.length,
      source: s.source,
      complete: s.complete,
      ...(s.error ? { error: s.error } : {}),
    })),
  };
  return { cloud, load, evaluation, summary };
}

export interface LoadNote {
  readonly message: string;
  /** The subscription could not be read at all (as opposed to partly). */
  readonly unread: boolean;
}

/** What the user must know about a load: subscriptions not read, or not completely, and a fallback. */
export function loadNotes(load: LiveLoad): LoadNote[] {
  const notes: LoadNote[] = [];
  if (load.fallbackReason) notes.push({ message: load.fallbackReason, unread: false });
  for (const s of load.subscriptions) {
    if (!s.error) continue;
    const unread = !s.resources.length && !s.complete;
    const what = unread ? 'was not checked' : 'was checked only in part';
    notes.push({ message: `subscription '${s.subscription.displayName}' (${s.subscription.id}) ${what}: ${s.error}`, unread });
  }
  return notes;
}
