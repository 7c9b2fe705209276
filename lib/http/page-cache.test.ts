/**
 * Shared renders of the cluster page, against a real HTTP server standing in for Berth's own
 * (the proxy asks the server it runs in for a render): how many renders a crowd costs, when a
 * stored render is shown again, and that every answer carries its own nonce.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  mayShareRender,
  pageKey,
  recordRenderToken,
  RENDER_PASS_HEADER,
  renderBytes,
  replay,
  selfHost,
  sharedPageWatch,
  sharedRender,
  type SharedPage,
} from './page-cache';

/** What the stand-in page does next: its token, status and extra headers. */
interface StandIn {
  token: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The whole body around its nonce, when a test needs it exact. */
  exact?: (nonce: string) => string;
}
let page: StandIn = { token: 't1', status: 200, headers: {}, body: 'rows' };
let renders: { path: string; headers: Record<string, string | string[] | undefined> }[] = [];
let server: Server;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/hang') return; // never answers
    renders.push({ path: request.url ?? '', headers: request.headers });
    const nonce = `n${renders.length}+/=`;
    // The page records its token under the id it was asked with, as the cluster page does.
    recordRenderToken((request.headers[RENDER_PASS_HEADER] as string) ?? null, page.token);
    response.writeHead(page.status, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `script-src 'nonce-${nonce}' 'strict-dynamic'`,
      link: `</a.css>; rel=preload; nonce="${nonce}"`,
      vary: 'rsc, Accept-Encoding',
      'cache-control': 'private, no-store',
      // What Next.js says to itself (a rewrite's target) and per-response headers.
      'x-middleware-rewrite': 'http://localhost/clusters/cruddur',
      'x-nextjs-cache': 'MISS',
      'x-content-type-options': 'nosniff',
      ...page.headers,
    });
    response.end(
      page.exact?.(nonce) ?? `<script nonce="${nonce}">1</script>${page.body} {"nonce":"${nonce}"}`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.HOSTNAME = '127.0.0.1';
  process.env.PORT = String((server.address() as AddressInfo).port);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  page = { token: 't1', status: 200, headers: {}, body: 'rows' };
  renders = [];
});

let keys = 0;
function visit(overrides: Partial<SharedPage> = {}): SharedPage {
  return {
    key: `key-${keys}`,
    url: new URL('http://berth.example/clusters/cruddur?sort=name'),
    headers: new Headers({ cookie: 'session=abc', 'accept-encoding': 'gzip' }),
    maxAgeMs: 5_000,
    currentToken: () => Promise.resolve(page.token),
    ...overrides,
  };
}

describe('sharedRender', () => {
  beforeEach(() => void keys++);

  it('renders once for twenty viewers at the same time, asking with their headers and the pass', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => sharedRender(visit())));
    expect(renders).toHaveLength(1);
    expect(new Set(answers).size).toBe(1);
    expect(renders[0]!.path).toBe('/clusters/cruddur?sort=name');
    expect(renders[0]!.headers.cookie).toBe('session=abc');
    // Stored as text: the nonce is swapped before each answer is compressed.
    expect(renders[0]!.headers['accept-encoding']).toBe('identity');
    expect(answers[0]).toMatchObject({ token: 't1', nonce: 'n1+/=' });
  });

  it('shows a stored render again while its token holds, and renders when it moves', async () => {
    await sharedRender(visit());
    await sharedRender(visit());
    expect(renders).toHaveLength(1);
    page.token = 't2';
    const moved = await sharedRender(visit());
    expect(renders).toHaveLength(2);
    expect(moved?.token).toBe('t2');
  });

  it('shows the stored render without waiting while another visitor checks its token', async () => {
    await sharedRender(visit());
    let finish!: (token: string) => void;
    const slowCheck = new Promise<string>((resolve) => (finish = resolve));
    const checker = sharedRender(visit({ currentToken: () => slowCheck }));
    let asked = 0;
    const meanwhile = await sharedRender(
      visit({ currentToken: () => Promise.resolve(`asked-${++asked}`) }),
    );
    expect(asked).toBe(0);
    expect(meanwhile?.token).toBe('t1');
    // The check finds a change: its visitor gets the new render; the next visitor checks again.
    page.token = 't2';
    finish('t2');
    expect((await checker)?.token).toBe('t2');
    expect(renders).toHaveLength(2);
    expect((await sharedRender(visit({ currentToken: () => Promise.resolve('t2') })))?.token).toBe(
      't2',
    );
    expect(renders).toHaveLength(2);
  });

  it('renders again after the refresh period even when the token holds', async () => {
    await sharedRender(visit({ maxAgeMs: 30 }));
    await new Promise((resolve) => setTimeout(resolve, 40));
    await sharedRender(visit({ maxAgeMs: 30 }));
    expect(renders).toHaveLength(2);
  });

  it('does not ask for the token of a page nobody has seen: the render records it', async () => {
    let asked = 0;
    const first = visit({ currentToken: () => Promise.resolve(`asked-${++asked}`) });
    expect((await sharedRender(first))?.token).toBe('t1');
    expect(asked).toBe(0);
  });

  it.each([
    ['an error page', { status: 500 }],
    ['a redirect', { status: 303, headers: { location: '/' } }],
    ['a response that sets a cookie', { headers: { 'set-cookie': 'a=b' } }],
    ['something other than HTML', { headers: { 'content-type': 'application/json' } }],
  ])('keeps nothing from %s', async (_what, change) => {
    Object.assign(page, change);
    expect(await sharedRender(visit())).toBeUndefined();
    expect(await sharedRender(visit())).toBeUndefined();
    expect(renders).toHaveLength(2);
  });

  it('fails when its own server does not answer in time or at all (the proxy then renders as usual)', async () => {
    await expect(
      sharedRender(visit({ url: new URL('http://berth.example/hang'), timeoutMs: 50 })),
    ).rejects.toThrow('render timed out');
    const port = process.env.PORT;
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    process.env.PORT = String((closed.address() as AddressInfo).port);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    try {
      await expect(sharedRender(visit({ key: 'unreachable' }))).rejects.toThrow('ECONNREFUSED');
    } finally {
      process.env.PORT = port;
    }
  });

  it("passes on none of the visitor connection's own headers (an Upgrade would hang the render)", async () => {
    const visitor = new Headers({
      cookie: 'session=abc',
      connection: 'keep-alive, Upgrade',
      upgrade: 'websocket',
      te: 'trailers',
      'keep-alive': 'timeout=5',
      expect: '100-continue',
      trailer: 'expires',
      'transfer-encoding': 'chunked',
      'content-length': '0',
      'proxy-authorization': 'Basic c2VjcmV0',
      'proxy-connection': 'keep-alive',
    });
    expect(await sharedRender(visit({ headers: visitor, timeoutMs: 2_000 }))).toMatchObject({
      token: 't1',
    });
    const sent = renders[0]!.headers;
    expect(sent.cookie).toBe('session=abc');
    for (const name of [
      'upgrade',
      'te',
      'keep-alive',
      'expect',
      'trailer',
      'transfer-encoding',
      'content-length',
      'proxy-authorization',
      'proxy-connection',
    ])
      expect(sent[name], name).toBeUndefined();
    expect(sent.connection).not.toContain('Upgrade');
  });

  it('fails when a render is bigger than it may be (the proxy then renders as usual)', async () => {
    page.body = 'x'.repeat(64 * 1024);
    await expect(sharedRender(visit({ maxBytes: 32 * 1024 }))).rejects.toThrow(
      'render too big to share',
    );
    expect((await sharedRender(visit({ key: `big-${keys}`, maxBytes: 128 * 1024 })))?.token).toBe(
      't1',
    );
  });

  it('keeps nothing when the page did not record a token (a page that is not shared)', async () => {
    page.token = '';
    expect(await sharedRender(visit())).toBeUndefined();
  });
});

describe('recordRenderToken', () => {
  it('ignores an id the proxy did not send', async () => {
    recordRenderToken('made-up', 'forged');
    recordRenderToken(null, 'forged');
    keys++;
    expect((await sharedRender(visit()))?.token).toBe('t1');
  });
});

describe('replay', () => {
  it('gives each answer its own nonce, in the body and every header, and keeps the rest', async () => {
    keys++;
    const rendered = (await sharedRender(visit()))!;
    const response = replay(rendered, 'fresh', "script-src 'nonce-fresh'");
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<script nonce="fresh">1</script>rows {"nonce":"fresh"}');
    expect(response.headers.get('content-security-policy')).toBe("script-src 'nonce-fresh'");
    expect(response.headers.get('link')).toBe('</a.css>; rel=preload; nonce="fresh"');
    // The page's own headers only; the proxy sets the security headers afresh.
    expect([...response.headers.keys()].sort()).toEqual([
      'cache-control',
      'content-security-policy',
      'content-type',
      'link',
      'vary',
    ]);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('vary')).toBe('rsc, Accept-Encoding');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
  });
});

describe('replay at the edges of the body', () => {
  it('swaps a nonce that opens or closes the body', async () => {
    keys++;
    page.exact = (nonce) => `${nonce}middle${nonce}${nonce}`;
    const rendered = (await sharedRender(visit()))!;
    expect(renderBytes(rendered)).toBe('middle'.length);
    const response = replay(rendered, 'N', "script-src 'nonce-N'");
    expect(await response.text()).toBe('NmiddleNN');
  });

  it('counts what a render holds in bytes, at least one', () => {
    const rendered = { nonce: 'x', headers: [], token: 't', renderedAt: 0 };
    expect(renderBytes({ ...rendered, pieces: [Buffer.from('abc'), Buffer.from('é')] })).toBe(5);
    expect(renderBytes({ ...rendered, pieces: [Buffer.alloc(0)] })).toBe(1);
  });
});

describe('where the proxy asks for a render', () => {
  it('the address the server listens on, or loopback when it listens on every address', () => {
    for (const everywhere of [undefined, '', '0.0.0.0', '::', 'localhost']) {
      expect(selfHost(everywhere), String(everywhere)).toBe('127.0.0.1');
    }
    expect(selfHost('10.0.1.23')).toBe('10.0.1.23');
    expect(selfHost('::1')).toBe('::1');
  });
});

describe('which requests share renders', () => {
  it('page visits only: not client navigations, prefetches, actions, other methods or its own asks', () => {
    expect(mayShareRender('GET', new Headers())).toBe(true);
    for (const header of ['rsc', 'next-action', 'next-router-prefetch', RENDER_PASS_HEADER]) {
      expect(mayShareRender('GET', new Headers({ [header]: '1' })), header).toBe(false);
    }
    expect(mayShareRender('POST', new Headers())).toBe(false);
    expect(mayShareRender('HEAD', new Headers())).toBe(false);
  });

  it('the cluster page only, with the names the page accepts', () => {
    expect(sharedPageWatch('/clusters/cruddur')).toEqual({ view: 'cluster', cluster: 'cruddur' });
    expect(sharedPageWatch('/clusters/cruddur/')).toEqual({ view: 'cluster', cluster: 'cruddur' });
    expect(sharedPageWatch('/clusters/my%2Dcluster')).toEqual({
      view: 'cluster',
      cluster: 'my-cluster',
    });
    for (const path of [
      '/',
      '/clusters',
      '/clusters/cruddur/services/backend-flask',
      '/clusters/cruddur/tasks/abc',
      '/clusters/a%2Fb',
      '/clusters/%E0%A4%A',
      `/clusters/${'a'.repeat(256)}`,
      '/t/prod/us-east-1/clusters/cruddur',
    ]) {
      expect(sharedPageWatch(path), path).toBeUndefined();
    }
  });

  it('keys a render by place, host, URL and caller', () => {
    const base = {
      place: 'prod/us-east-1',
      host: 'berth',
      pathAndQuery: '/clusters/a',
      caller: { id: 'x' },
    };
    const key = pageKey(base);
    expect(pageKey({ ...base })).toBe(key);
    expect(pageKey({ ...base, place: 'staging/us-east-1' })).not.toBe(key);
    expect(pageKey({ ...base, host: 'other' })).not.toBe(key);
    expect(pageKey({ ...base, pathAndQuery: '/clusters/a?page=2' })).not.toBe(key);
    expect(pageKey({ ...base, caller: { id: 'y' } })).not.toBe(key);
    expect(pageKey({ ...base, caller: { id: 'x', groups: ['admins'] } })).not.toBe(key);
  });
});
