/**
 * Shared renders of the cluster page. Twenty people watching one cluster would otherwise cost
 * twenty renders of the same table (~30 ms of CPU each, on a server with one thread), though
 * they see the same thing: the same view of the same reads. proxy.ts answers a page visit from
 * here when a render for the same page, place, URL and caller is younger than the refresh
 * period and its view's change token has not moved; otherwise the page is rendered once (by
 * asking this very server for it, marked so the proxy lets it through) however many ask at
 * the same time. Each answer carries a fresh script nonce: the render's nonce is swapped for
 * it, in the body and the headers, so no two responses share one.
 *
 * Only pages whose whole content is their view (change-token.ts), the URL and what the caller
 * may do are kept: the cluster page. Everything else renders per request as before.
 */
import 'server-only';
import { request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { processWide } from '../process-wide';
import { ClusterName } from '../schemas/actions';
import type { Watch } from '../views/watch';

/**
 * Marks the proxy's own request for a render (its value an id the page records its token
 * under), so that it renders instead of waiting for itself. Anyone may send it: all it does is
 * skip the shared renders.
 */
export const RENDER_PASS_HEADER = 'x-berth-render-pass';

/** A document GET (not a client navigation's RSC fetch, a prefetch or a server action). */
export function mayShareRender(method: string, headers: Headers): boolean {
  return (
    method === 'GET' &&
    !headers.has('rsc') &&
    !headers.has('next-action') &&
    !headers.has('next-router-prefetch') &&
    !headers.has(RENDER_PASS_HEADER)
  );
}

/** The view a page path shows, when the page is one whose renders are shared. */
export function sharedPageWatch(pagePath: string): Watch | undefined {
  const match = /^\/clusters\/([^/]+)\/?$/.exec(pagePath);
  if (!match) return undefined;
  let cluster: string;
  try {
    cluster = decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
  return ClusterName.safeParse(cluster).success ? { view: 'cluster', cluster } : undefined;
}

/** Everything a render depends on besides its view: who asks, where, and the exact URL. */
export interface PageKeyParts {
  place: string;
  host: string;
  pathAndQuery: string;
  caller: unknown;
}
export const pageKey = (parts: PageKeyParts) =>
  JSON.stringify([parts.place, parts.host, parts.pathAndQuery, parts.caller]);

export interface Rendered {
  /** The body, cut where the render's nonce was (bytes: no string work per answer). */
  pieces: Buffer[];
  nonce: string;
  headers: [string, string][];
  token: string;
  renderedAt: number;
}

/**
 * The headers of a render that are the page's own; the proxy sets the rest afresh. Anything else
 * is per response (date, cookies), per connection, per encoding, or Next.js talking to itself:
 * a replayed x-middleware-rewrite would make Next.js rewrite the answer to the rendered path.
 */
const REPLAYED = new Set(['content-type', 'cache-control', 'vary', 'link']);

/** The response for one viewer: the render with `nonce` in place of the one it was made with. */
export function replay(rendered: Rendered, nonce: string, csp: string): Response {
  const headers = new Headers();
  for (const [name, value] of rendered.headers) {
    headers.append(name, value.replaceAll(rendered.nonce, nonce));
  }
  headers.set('content-security-policy', csp);
  const fresh = Buffer.from(nonce);
  const body = Buffer.concat(rendered.pieces.flatMap((piece, i) => (i ? [fresh, piece] : [piece])));
  return new Response(body, { status: 200, headers });
}

/** What a kept render holds in memory (at least 1: the cache's rule). */
export const renderBytes = (rendered: Rendered) =>
  Math.max(
    1,
    rendered.pieces.reduce((bytes, piece) => bytes + piece.length, 0),
  );

/** Renders kept, by key, bounded in bytes (a 50-row cluster page is ~250 KB). */
const kept = processWide(
  'page-renders',
  () =>
    new LRUCache<string, Rendered>({
      maxSize: 64 * 1024 * 1024,
      sizeCalculation: renderBytes,
    }),
);
/** Renders under way, by key: whoever asks meanwhile waits for the same one. */
const rendering = processWide(
  'page-renders-running',
  () => new Map<string, Promise<Rendered | undefined>>(),
);
/** Keys whose token a visitor is checking now. */
const checking = processWide('page-render-checks', () => new Set<string>());

export interface SharedPage {
  key: string;
  url: URL;
  headers: Headers;
  maxAgeMs: number;
  /** The token of the page's view now (read through the shared cache). */
  currentToken: () => Promise<string>;
  /** How long a render may take before the visit is rendered the usual way (60 s). */
  timeoutMs?: number;
  /** How big a render may be before the visit is rendered the usual way (16 MiB). */
  maxBytes?: number;
}

/**
 * The stored render of `page` if it still shows, else one made now (one per key at a time);
 * undefined when the render is not one to share (an error page, a redirect, a cookie set).
 * A page nobody has seen for a refresh period is rendered without asking for its token first:
 * the render reads the view once and records its token (recordRenderToken).
 *
 * When the reads behind the token have expired, one visitor's check reads them again (a second
 * or so for a 1,000-service cluster); visitors arriving meanwhile are shown the stored render,
 * as they would have been a moment earlier, instead of all waiting for that read. The visitor
 * whose check found a change gets the new render, and open tabs follow at their next refresh.
 */
export async function sharedRender(page: SharedPage): Promise<Rendered | undefined> {
  const stored = kept.get(page.key);
  if (stored && Date.now() - stored.renderedAt < page.maxAgeMs) {
    if (checking.has(page.key)) return stored;
    checking.add(page.key);
    try {
      if (stored.token === (await page.currentToken())) return stored;
    } finally {
      checking.delete(page.key);
    }
  }
  let running = rendering.get(page.key);
  if (!running) {
    running = renderOnce(page).finally(() => rendering.delete(page.key));
    rendering.set(page.key, running);
  }
  return running;
}

/** Tokens of the renders the proxy asked for, by the id it sent; '' until the page says. */
const renderTokens = processWide('page-render-tokens', () => new Map<string, string>());

/**
 * Called by a shared page with the render pass it was asked with and its view's token, so the
 * render is stored with the token of what it drew. An id the proxy did not send is ignored.
 */
export function recordRenderToken(renderId: string | null, token: string) {
  if (renderId !== null && renderTokens.get(renderId) === '') renderTokens.set(renderId, token);
}

async function renderOnce(page: SharedPage): Promise<Rendered | undefined> {
  const id = randomUUID();
  renderTokens.set(id, '');
  let answer: SelfAnswer;
  let token: string | undefined;
  try {
    answer = await askSelf(page.url, page.headers, id, {
      timeoutMs: page.timeoutMs ?? 60_000,
      maxBytes: page.maxBytes ?? 16 * 1024 * 1024,
    });
  } finally {
    token = renderTokens.get(id);
    renderTokens.delete(id);
  }
  const nonce = /'nonce-([^']+)'/.exec(answer.headers['content-security-policy'] ?? '')?.[1];
  const shared =
    answer.status === 200 &&
    !('set-cookie' in answer.headers) &&
    (answer.headers['content-type'] ?? '').startsWith('text/html');
  if (!shared || !token || !nonce) return undefined;
  const rendered: Rendered = {
    pieces: cut(answer.body, Buffer.from(nonce)),
    nonce,
    headers: Object.entries(answer.headers).flatMap(([name, value]) =>
      REPLAYED.has(name) ? [[name, value] as [string, string]] : [],
    ),
    token,
    renderedAt: Date.now(),
  };
  kept.set(page.key, rendered);
  return rendered;
}

/** `body` cut at every `separator`. */
function cut(body: Buffer, separator: Buffer): Buffer[] {
  const pieces: Buffer[] = [];
  let from = 0;
  for (let at = body.indexOf(separator); at >= 0; at = body.indexOf(separator, from)) {
    pieces.push(body.subarray(from, at));
    from = at + separator.length;
  }
  pieces.push(body.subarray(from));
  return pieces;
}

interface SelfAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** This server, asked for `url` with the visitor's headers and the render pass. */
/**
 * Where this server can be asked: the address it listens on (HOSTNAME, as Next's standalone
 * server reads it), or loopback when it listens on every address.
 */
export function selfHost(listening: string | undefined): string {
  const everywhere = ['', '0.0.0.0', '::', 'localhost'];
  return everywhere.includes(listening ?? '') ? '127.0.0.1' : listening!;
}

/**
 * Headers that belong to the visitor's connection, not to the request: never passed on (an
 * "Upgrade" would leave this server's answer waiting for a protocol switch).
 */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'transfer-encoding',
  'content-length',
  'expect',
  'proxy-authorization',
  'proxy-connection',
]);

function askSelf(
  url: URL,
  visitor: Headers,
  renderId: string,
  limits: { timeoutMs: number; maxBytes: number },
): Promise<SelfAnswer> {
  const headers: Record<string, string> = {};
  visitor.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name)) headers[name] = value;
  });
  headers[RENDER_PASS_HEADER] = renderId;
  headers['accept-encoding'] = 'identity';
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: selfHost(process.env.HOSTNAME),
        port: Number(process.env.PORT ?? 3000),
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers,
        timeout: limits.timeoutMs,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        incoming.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > limits.maxBytes) outgoing.destroy(new Error('render too big to share'));
          else chunks.push(chunk);
        });
        incoming.on('error', reject);
        incoming.on('end', () => {
          const answerHeaders: Record<string, string> = {};
          for (const [name, value] of Object.entries(incoming.headers)) {
            if (value !== undefined)
              answerHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({
            status: incoming.statusCode ?? 0,
            headers: answerHeaders,
            body: Buffer.concat(chunks),
          });
        });
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('render timed out')));
    outgoing.on('error', reject);
    outgoing.end();
  });
}
