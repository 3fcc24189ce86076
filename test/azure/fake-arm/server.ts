/**
 * A fake Azure Resource Manager, Resource Graph and token endpoint over HTTPS on 127.0.0.1, answering with
 * bodies shaped like the Azure REST API's examples: subscriptions and tenants, resource groups, the resource
 * list with `nextLink` paging, `GET {resourceId}`, providers with their API versions, Resource Graph queries
 * with `$skipToken` paging, and ARM's `/metadata/endpoints`. Faults are injected per test. Every request is
 * logged, so tests can check that only reads were sent and how.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FakeResource, FakeTenant } from './tenant';

export type FaultKind = 'throttle' | 'server-error' | 'hang' | 'expired-token' | 'forbidden' | 'not-found';

export interface Fault {
  /** Matched against `METHOD /path?query`. */
  readonly match: RegExp;
  readonly kind: FaultKind;
  /** How many matching requests get the fault (default 1). */
  readonly times?: number;
  /** How many matching requests pass before the fault starts (default 0). */
  readonly after?: number;
  readonly status?: number;
  readonly retryAfterSeconds?: number;
}

export interface LoggedRequest {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly authorization?: string;
  readonly body?: string;
}

export interface FakeArmOptions {
  /** The cloud whose sign-in settings `/metadata/endpoints` publishes. */
  readonly cloud?: 'AzureCloud' | 'AzureUSGovernment';
  /** Rows per Resource Graph page at most (Resource Graph's own limit is 1000). */
  readonly graphPageSize?: number;
  /** Items per page of the ARM resource list. */
  readonly listPageSize?: number;
  /** Subscriptions whose resources the account may not read. */
  readonly denied?: readonly string[];
  /** Resource Graph absent (as on Azure Stack Hub): its endpoint answers 404. */
  readonly withoutResourceGraph?: boolean;
  /** Lifetime of issued tokens. */
  readonly tokenLifetimeSeconds?: number;
}

const METADATA = {
  AzureCloud: { loginEndpoint: 'https://login.microsoftonline.com/', audiences: ['https://management.core.windows.net/', 'https://management.azure.com/'] },
  AzureUSGovernment: { loginEndpoint: 'https://login.microsoftonline.us/', audiences: ['https://management.core.usgovcloudapi.net/', 'https://management.usgovcloudapi.net/'] },
};

/** API versions the fake providers register, newest first, as ARM lists them. */
const API_VERSIONS = ['2024-05-01-preview', '2023-05-01', '2022-09-01', '2021-04-01'];

export class FakeArm {
  readonly log: LoggedRequest[] = [];
  /** Scopes asked of the token endpoint, in order. */
  readonly tokenScopes: string[] = [];
  private readonly faults: { fault: Fault; seen: number; used: number }[] = [];
  private readonly validTokens = new Set<string>();
  private readonly issuedTokens: string[] = [];
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  private port = 0;

  constructor(
    private readonly tenant: FakeTenant,
    private readonly options: FakeArmOptions = {},
  ) {}

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  get tokenEndpoint(): string {
    return `${this.url}/token`;
  }

  /** Every token issued, to check none of them appears in output. */
  get tokens(): readonly string[] {
    return this.issuedTokens;
  }

  inject(...faults: Fault[]): void {
    for (const fault of faults) this.faults.push({ fault, seen: 0, used: 0 });
  }

  async start(): Promise<this> {
    const key = process.env.ITAR_GUARD_TEST_TLS_KEY;
    const cert = process.env.ITAR_GUARD_TEST_TLS_CERT;
    if (!key || !cert) throw new Error('the test TLS certificate is missing: run the tests through scripts/run-tests.mjs');
    this.server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => this.handle(req, res));
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A fresh token, as the token endpoint issues them. */
  issueToken(): { access_token: string; expires_on: number } {
    const n = this.issuedTokens.length + 1;
    const payload = Buffer.from(JSON.stringify({ aud: 'fake-arm', n })).toString('base64url');
    const token = `eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.${payload}.fake-signature-${n}`;
    this.issuedTokens.push(token);
    this.validTokens.add(token);
    return { access_token: token, expires_on: Math.floor(Date.now() / 1000) + (this.options.tokenLifetimeSeconds ?? 3600) };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', this.url);
    const line = `${method} ${url.pathname}${url.search}`;
    const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      this.log.push({ method, url: `${url.pathname}${url.search}`, status, authorization: req.headers.authorization, body });
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': `req-${this.log.length}`, ...headers });
      res.end(json === undefined ? '' : JSON.stringify(json));
    };

    if (method === 'POST' && url.pathname === '/token') {
      const scope = (JSON.parse(body || '{}') as { scope?: string }).scope ?? '';
      this.tokenScopes.push(scope);
      return send(200, this.issueToken());
    }
    if (method === 'GET' && url.pathname === '/metadata/endpoints') {
      return send(200, { galleryEndpoint: '', graphEndpoint: '', portalEndpoint: '', authentication: METADATA[this.options.cloud ?? 'AzureCloud'] });
    }

    const fault = this.takeFault(line);
    if (fault) {
      switch (fault.kind) {
        case 'hang':
          this.log.push({ method, url: `${url.pathname}${url.search}`, status: 0, authorization: req.headers.authorization, body });
          return;
        case 'throttle':
          return send(429, armError('TooManyRequests', 'The request was throttled.'), { 'retry-after': String(fault.retryAfterSeconds ?? 1) });
        case 'server-error':
          return send(fault.status ?? 500, armError('InternalServerError', 'Encountered an internal server error.'));
        case 'expired-token':
          this.validTokens.clear();
          return this.unauthorized(send, 'The access token expiry UTC time is earlier than current UTC time.');
        case 'forbidden':
          return send(403, armError('AuthorizationFailed', 'The client does not have authorization to perform this action.'));
        case 'not-found':
          return send(404, armError('NotFound', 'Not found.'));
      }
    }

    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (!this.validTokens.has(token)) return this.unauthorized(send, token ? 'The access token is invalid or expired.' : 'Authentication information is not given in the correct format.');
    if (method !== 'GET' && !(method === 'POST' && /^\/providers\/microsoft\.resourcegraph\/resources$/i.test(url.pathname))) {
      return send(405, armError('MethodNotAllowed', `The fake answers reads only, not ${method}.`));
    }
    return this.route(method, url, body, send);
  }

  private unauthorized(send: (status: number, json: unknown, headers?: Record<string, string>) => void, description: string): void {
    send(401, armError('ExpiredAuthenticationToken', description), {
      'www-authenticate': `Bearer authorization_uri="https://login.windows.net/", error="invalid_token", error_description="${description}"`,
    });
  }

  private takeFault(line: string): Fault | undefined {
    for (const f of this.faults) {
      if (!f.fault.match.test(line)) continue;
      f.seen++;
      if (f.seen <= (f.fault.after ?? 0) || f.used >= (f.fault.times ?? 1)) continue;
      f.used++;
      return f.fault;
    }
    return undefined;
  }

  private route(method: string, url: URL, body: string, send: (status: number, json: unknown, headers?: Record<string, string>) => void): void {
    const p = url.pathname.replace(/\/+$/, '');
    const lower = p.toLowerCase();
    if (method === 'POST') return this.graph(body, send);
    if (lower === '/subscriptions') {
      return send(200, { value: this.tenant.subscriptions.map((s) => ({ id: `/subscriptions/${s.subscriptionId}`, authorizationSource: 'RoleBased', subscriptionId: s.subscriptionId, tenantId: s.tenantId, displayName: s.displayName, state: s.state, subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' } })) });
    }
    if (lower === '/tenants') {
      return send(200, { value: [{ id: `/tenants/${this.tenant.tenantId}`, tenantId: this.tenant.tenantId, tenantCategory: 'Home', displayName: 'Contoso', defaultDomain: 'contoso.onmicrosoft.com' }] });
    }
    const sub = /^\/subscriptions\/([^/]+)/i.exec(p)?.[1];
    if (!sub || !this.tenant.subscriptions.some((s) => s.subscriptionId.toLowerCase() === sub.toLowerCase())) {
      return send(404, armError('SubscriptionNotFound', `The subscription '${sub ?? ''}' could not be found (${p}).`));
    }
    if (this.options.denied?.some((d) => d.toLowerCase() === sub.toLowerCase())) {
      return send(403, armError('AuthorizationFailed', `The client does not have authorization to perform action over scope '/subscriptions/${sub}'.`));
    }
    const inSub = this.tenant.resources.filter((r) => r.subscriptionId.toLowerCase() === sub.toLowerCase());
    const rest = lower.slice(`/subscriptions/${sub}`.length);
    if (rest === '/resourcegroups') {
      return send(200, { value: inSub.filter(isGroup).map((g) => ({ id: g.id, name: g.name, type: g.type, location: g.location, properties: g.properties })) });
    }
    if (rest === '/resources') {
      return this.paged(url, inSub.filter((r) => !isGroup(r)).map(listItem), send);
    }
    const provider = /^\/providers\/([^/]+)$/.exec(rest)?.[1];
    if (provider) {
      const types = [...new Set(inSub.filter((r) => r.type.toLowerCase().startsWith(`${provider}/`)).map((r) => r.type.split('/').slice(1).join('/')))];
      return send(200, { id: `/subscriptions/${sub}/providers/${provider}`, namespace: provider, registrationState: 'Registered', resourceTypes: types.map((t) => ({ resourceType: t, locations: [], apiVersions: API_VERSIONS })) });
    }
    const resource = inSub.find((r) => r.id.toLowerCase() === lower);
    if (resource && !isGroup(resource)) {
      if (url.searchParams.get('api-version') !== '2023-05-01') return send(400, armError('NoRegisteredProviderFound', 'No registered resource provider found for this API version.'));
      return send(200, fullResource(resource));
    }
    return send(404, armError('ResourceNotFound', `The Resource '${p}' was not found.`));
  }

  private paged(url: URL, items: unknown[], send: (status: number, json: unknown) => void): void {
    const size = this.options.listPageSize ?? 1000;
    const offset = Number(url.searchParams.get('$skiptoken') ?? 0);
    const page = items.slice(offset, offset + size);
    const next = offset + size < items.length ? new URL(url.toString()) : undefined;
    next?.searchParams.set('$skiptoken', String(offset + size));
    send(200, { value: page, ...(next ? { nextLink: next.toString() } : {}) });
  }

  private graph(body: string, send: (status: number, json: unknown) => void): void {
    if (this.options.withoutResourceGraph) return send(404, armError('InvalidResourceNamespace', "The resource namespace 'Microsoft.ResourceGraph' is invalid."));
    const request = JSON.parse(body || '{}') as { subscriptions?: string[]; query?: string; options?: { $top?: number; $skipToken?: string; resultFormat?: string } };
    const subs = (request.subscriptions ?? []).map((s) => s.toLowerCase());
    if (!subs.length || typeof request.query !== 'string') return send(400, armError('BadRequest', 'Please provide subscriptions and a query.'));
    if (this.options.denied?.some((d) => subs.includes(d.toLowerCase()))) {
      return send(403, armError('AuthorizationFailed', 'The client does not have authorization to query one of the subscriptions.'));
    }
    const rows = this.tenant.resources.filter((r) => subs.includes(r.subscriptionId.toLowerCase())).map(graphRow);
    const size = Math.min(request.options?.$top ?? 100, this.options.graphPageSize ?? 1000);
    const offset = request.options?.$skipToken ? Number(Buffer.from(request.options.$skipToken, 'base64').toString()) : 0;
    const data = rows.slice(offset, offset + size);
    const more = offset + size < rows.length;
    send(200, {
      totalRecords: rows.length,
      count: data.length,
      resultTruncated: 'false',
      ...(more ? { $skipToken: Buffer.from(String(offset + size)).toString('base64') } : {}),
      facets: [],
      data,
    });
  }
}

function isGroup(r: FakeResource): boolean {
  return r.type === 'Microsoft.Resources/resourceGroups';
}

/** A row of Resource Graph's `resources` / `resourcecontainers` tables: lower-case types and group names. */
function graphRow(r: FakeResource): Record<string, unknown> {
  const type = isGroup(r) ? 'microsoft.resources/subscriptions/resourcegroups' : r.type.toLowerCase();
  return { id: r.id, type, name: r.name, location: r.location, resourceGroup: r.resourceGroup.toLowerCase(), subscriptionId: r.subscriptionId, sku: r.sku ?? null, kind: r.kind ?? '', identity: r.identity ?? null, properties: r.properties ?? {}, tags: r.tags ?? {} };
}

/** An item of ARM's resource list: no properties. */
function listItem(r: FakeResource): Record<string, unknown> {
  return omitUndefined({ id: r.id, name: r.name, type: r.type, location: r.location, sku: r.sku, kind: r.kind, identity: r.identity, tags: r.tags });
}

function fullResource(r: FakeResource): Record<string, unknown> {
  return omitUndefined({ id: r.id, name: r.name, type: r.type, location: r.location, sku: r.sku, kind: r.kind, identity: r.identity, tags: r.tags, properties: r.properties });
}

function omitUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function armError(code: string, message: string) {
  return { error: { code, message } };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}
