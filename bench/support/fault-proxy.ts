/**
 * A loopback proxy in front of a real registry that pages tag lists the way Docker Hub and
 * GHCR do (`n`, `last`, `Link: <…>; rel="next"`), injects faults, and records every request
 * with whether it carried an `Authorization` header.
 *
 * Two listeners: the proxy itself on 127.0.0.1, and an "other host" on 127.0.0.2 that plays
 * a blob CDN (redirect target) and a foreign pagination host. Distribution 2.8 ignores `n`
 * and `last`, which is why paging lives here. It can also ration manifest GETs the way Docker
 * Hub does (`ratelimit-limit: 100;w=21600` on manifest answers, 429 once spent) and inject
 * random faults on a share of requests, reproducibly from a seed (for the bench).
 *
 * Owns: `startFaultProxy`. May import: node built-ins. Must not: import from src/ or test/.
 */
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';

/** A fault to inject into the next matching request(s). */
export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'delay'; ms: number }
  | { kind: 'truncate' }
  | { kind: 'bad-json' }
  | { kind: 'corrupt' }
  | { kind: 'oversize'; bytes: number; declareLength: boolean }
  | { kind: 'redirect-to-other-host' }
  | { kind: 'redirect'; location: string }
  | { kind: 'reset' };

/** Which requests a fault applies to, and how many times. */
export interface FaultRule {
  /** Substring of the request path (`/tags/list`, `/manifests/`, `/blobs/`). */
  path: string;
  method?: string;
  /** @default 1 */
  times?: number;
  fault: Fault;
}

/** One request either listener received. */
export interface RecordedRequest {
  listener: 'proxy' | 'other-host';
  method: string;
  path: string;
  /** Scheme of the `Authorization` header (`basic`, `bearer`), or null when none came. */
  authorization: string | null;
}

/** Options of `startFaultProxy`. */
export interface FaultProxyOptions {
  /** The registry, `http://127.0.0.1:PORT`. */
  upstream: string;
  /** Page size when the client sends no `n`; undefined passes tag lists through unpaged. */
  pageSize?: number;
  /** Reorders a full tag list before paging (e.g. oldest first). @default as the registry lists */
  order?: (tags: string[]) => string[];
  /** Where `Link` points: a relative path (Docker Hub), or the other host. @default 'relative' */
  link?: 'relative' | 'other-host';
  /** Tag lists served by the proxy itself (for sizes too large to push), by repository. */
  syntheticTags?: Readonly<Record<string, readonly string[]>>;
  /** Authorization the other host uses to fetch blobs from the registry. */
  upstreamAuthorization?: string;
  /** Docker Hub's pull limit: manifest GETs count, manifest answers carry the headers, a spent budget answers 429. */
  rateLimit?: { limit: number; windowSeconds: number };
  /** Random faults on a share (`rate`, 0..1) of requests, drawn from `faults` with a seeded generator. */
  chaos?: { rate: number; seed: number; faults: readonly Fault[] };
}

/** A running proxy. */
export interface FaultProxy {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `127.0.0.1:PORT` */
  host: string;
  /** `127.0.0.2:PORT` */
  otherHost: string;
  requests: RecordedRequest[];
  inject(rule: FaultRule): void;
  /** Manifest GETs answered 2xx since the start (or the last `reset`): Docker Hub's counted pulls. */
  pulls(): number;
  /** Faults injected at random so far. */
  chaosFaults(): number;
  /** Drops recorded requests, pending faults and counted pulls. */
  reset(): void;
  /** Starts a new pull-limit window: `rateLimit` from now on (undefined: no limit), pulls counted from zero. */
  setRateLimit(rateLimit: FaultProxyOptions['rateLimit']): void;
  stop(): Promise<void>;
}

interface Upstream {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function forward(upstream: string, method: string, path: string, headers: IncomingHttpHeaders): Promise<Upstream> {
  const target = new URL(path, upstream);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(target, { method, headers: { ...headers, host: target.host } }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        resolve({ status: incoming.statusCode ?? 502, headers: incoming.headers, body: Buffer.concat(chunks) });
      });
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

function send(response: ServerResponse, upstream: Upstream): void {
  const headers = { ...upstream.headers };
  delete headers['transfer-encoding'];
  delete headers.connection;
  if (upstream.body.byteLength > 0 || headers['content-length'] === undefined) headers['content-length'] = String(upstream.body.byteLength);
  response.writeHead(upstream.status, headers).end(upstream.body);
}

async function listen(server: Server, host: string): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
}

/** mulberry32: a small seeded generator, so a chaos run is reproducible. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const positions = new WeakMap<readonly string[], Map<string, number>>();

/** The index after `last` in `tags` (0 when absent), with a memoized map for large synthetic lists. */
function indexAfter(tags: readonly string[], last: string): number {
  let map = positions.get(tags);
  if (map === undefined) {
    map = new Map(tags.map((tag, index) => [tag, index]));
    positions.set(tags, map);
  }
  return (map.get(last) ?? -1) + 1;
}

/** Starts the proxy and its other-host listener. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const requests: RecordedRequest[] = [];
  let rules: (FaultRule & { left: number })[] = [];
  let pulls = 0;
  let chaosCount = 0;
  let rateLimit = options.rateLimit;
  const random = seeded(options.chaos?.seed ?? 1);
  const proxyServer = createServer((request, response) => void handleProxy(request, response).catch(() => response.destroy()));
  const otherServer = createServer((request, response) => void handleOther(request, response).catch(() => response.destroy()));
  const proxyPort = await listen(proxyServer, '127.0.0.1');
  const otherPort = await listen(otherServer, '127.0.0.2');
  const otherOrigin = `http://127.0.0.2:${otherPort}`;

  function record(listener: RecordedRequest['listener'], request: IncomingMessage): void {
    const scheme = request.headers.authorization?.split(' ')[0]?.toLowerCase() ?? null;
    requests.push({ listener, method: request.method ?? 'GET', path: request.url ?? '/', authorization: scheme });
  }

  function takeFault(method: string, path: string): Fault | undefined {
    const chaos = options.chaos;
    if (chaos !== undefined && chaos.faults.length > 0 && random() < chaos.rate) {
      chaosCount += 1;
      return chaos.faults[Math.floor(random() * chaos.faults.length)];
    }
    const rule = rules.find(
      (candidate) => candidate.left > 0 && path.includes(candidate.path) && (candidate.method === undefined || candidate.method === method),
    );
    if (rule === undefined) return undefined;
    rule.left -= 1;
    return rule.fault;
  }

  /** Pages a tag list: `n` (or the default size) tags after `last`, and a Link when more remain. */
  async function pagedTags(request: IncomingMessage, url: URL): Promise<Upstream> {
    const repository = /^\/v2\/(.+)\/tags\/list$/.exec(url.pathname)?.[1] ?? '';
    let ordered: readonly string[];
    const synthetic = options.syntheticTags?.[repository];
    if (synthetic === undefined) {
      const upstream = await forward(options.upstream, 'GET', `/v2/${repository}/tags/list`, request.headers);
      if (upstream.status !== 200 || options.pageSize === undefined) return upstream;
      const all = (JSON.parse(upstream.body.toString('utf8')) as { tags: string[] | null }).tags ?? [];
      ordered = options.order === undefined ? all : options.order(all);
    } else {
      ordered = synthetic; // served in the given order, so paging 100,000 tags stays cheap
    }
    const size = Number(url.searchParams.get('n') ?? options.pageSize ?? ordered.length);
    const last = url.searchParams.get('last');
    const start = last === null ? 0 : indexAfter(ordered, last);
    const page = ordered.slice(start, start + size);
    const headers: IncomingHttpHeaders = { 'content-type': 'application/json' };
    const lastTag = page.at(-1);
    if (start + size < ordered.length && lastTag !== undefined) {
      const next = `/v2/${repository}/tags/list?n=${size}&last=${encodeURIComponent(lastTag)}`;
      headers.link = `<${options.link === 'other-host' ? otherOrigin : ''}${next}>; rel="next"`;
    }
    return { status: 200, headers, body: Buffer.from(JSON.stringify({ name: repository, tags: page })) };
  }

  async function applyFault(fault: Fault, request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const method = request.method ?? 'GET';
    switch (fault.kind) {
      case 'status':
        response
          .writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers })
          .end(fault.body ?? '{"errors":[{"code":"FAULT"}]}');
        return;
      case 'delay':
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        if (!response.destroyed) await passThrough(request, response, url);
        return;
      case 'truncate': {
        const upstream = await upstreamFor(request, url);
        response.writeHead(upstream.status, { ...upstream.headers, 'content-length': String(upstream.body.byteLength) });
        response.write(upstream.body.subarray(0, Math.floor(upstream.body.byteLength / 2)));
        setTimeout(() => response.destroy(), 20);
        return;
      }
      case 'bad-json':
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"tags": ["1.0", ');
        return;
      case 'corrupt': {
        const upstream = await upstreamFor(request, url);
        send(response, { ...upstream, body: method === 'HEAD' ? upstream.body : Buffer.concat([upstream.body, Buffer.from(' ')]) });
        return;
      }
      case 'oversize': {
        response.writeHead(200, {
          'content-type': 'application/json',
          ...(fault.declareLength ? { 'content-length': String(fault.bytes) } : {}),
        });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        for (let sent = 0; sent < fault.bytes && !response.destroyed; sent += chunk.byteLength) {
          if (!response.write(chunk)) await new Promise((resolve) => response.once('drain', resolve).once('close', resolve));
        }
        response.end();
        return;
      }
      case 'redirect-to-other-host':
        response.writeHead(307, { location: `${otherOrigin}/cdn${url.pathname}?sig=secret-signature` }).end();
        return;
      case 'redirect':
        response.writeHead(307, { location: fault.location }).end();
        return;
      case 'reset':
        request.socket.destroy();
        return;
    }
  }

  /** Docker Hub's headers on a manifest answer, with `remaining` left. */
  function limitHeaders(remaining: number): IncomingHttpHeaders {
    const limit = rateLimit;
    if (limit === undefined) return {};
    return {
      'ratelimit-limit': `${limit.limit};w=${limit.windowSeconds}`,
      'ratelimit-remaining': `${Math.max(0, remaining)};w=${limit.windowSeconds}`,
    };
  }

  /** A manifest request under the pull limit: counted when it is a GET, refused with 429 once spent. */
  async function rationed(request: IncomingMessage, response: ServerResponse, url: URL, limit: { limit: number }): Promise<void> {
    const method = request.method ?? 'GET';
    if (method === 'GET' && pulls >= limit.limit) {
      response
        .writeHead(429, { 'content-type': 'application/json', ...limitHeaders(0) })
        .end('{"errors":[{"code":"TOOMANYREQUESTS","message":"You have reached your pull rate limit."}]}');
      return;
    }
    const upstream = await upstreamFor(request, url);
    if (method === 'GET' && upstream.status >= 200 && upstream.status < 300) pulls += 1;
    send(response, { ...upstream, headers: { ...upstream.headers, ...limitHeaders(limit.limit - pulls) } });
  }

  function upstreamFor(request: IncomingMessage, url: URL): Promise<Upstream> {
    if (request.method === 'GET' && url.pathname.endsWith('/tags/list')) return pagedTags(request, url);
    return forward(options.upstream, request.method ?? 'GET', url.pathname + url.search, request.headers);
  }

  async function passThrough(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    send(response, await upstreamFor(request, url));
  }

  async function handleProxy(request: IncomingMessage, response: ServerResponse): Promise<void> {
    record('proxy', request);
    const url = new URL(request.url ?? '/', 'http://proxy');
    const fault = takeFault(request.method ?? 'GET', url.pathname);
    if (fault !== undefined) return applyFault(fault, request, response, url);
    if (rateLimit !== undefined && url.pathname.includes('/manifests/')) return rationed(request, response, url, rateLimit);
    return passThrough(request, response, url);
  }

  async function handleOther(request: IncomingMessage, response: ServerResponse): Promise<void> {
    record('other-host', request);
    const url = new URL(request.url ?? '/', 'http://other');
    if (url.pathname.startsWith('/cdn/')) {
      const headers: IncomingHttpHeaders =
        options.upstreamAuthorization === undefined ? {} : { authorization: options.upstreamAuthorization };
      send(response, await forward(options.upstream, 'GET', url.pathname.slice('/cdn'.length), headers));
      return;
    }
    await passThrough(request, response, url);
  }

  return {
    url: `http://127.0.0.1:${proxyPort}`,
    host: `127.0.0.1:${proxyPort}`,
    otherHost: `127.0.0.2:${otherPort}`,
    requests,
    inject(rule) {
      rules.push({ ...rule, left: rule.times ?? 1 });
    },
    pulls: () => pulls,
    chaosFaults: () => chaosCount,
    reset() {
      requests.length = 0;
      rules = [];
      pulls = 0;
    },
    setRateLimit(next) {
      rateLimit = next;
      pulls = 0;
    },
    async stop() {
      await Promise.all([close(proxyServer), close(otherServer)]);
    },
  };
}
