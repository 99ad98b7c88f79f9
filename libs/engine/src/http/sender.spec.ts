import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret, webhookHeaders } from '../signing/standard-webhooks';
import type { ResolvedAddress } from './dns-cache';
import { HttpSender, SenderClosedError, type HttpSenderOptions } from './sender';
import { TargetPolicy } from './ssrf';

interface Receiver {
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  requests: number;
  connections: number;
  close(): Promise<void>;
}

const receivers: Array<{ close(): Promise<void> }> = [];
const senders: HttpSender[] = [];

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
  await Promise.all(senders.splice(0).map((s) => s.close()));
});

async function listen(server: Server | TcpServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function startReceiver(handler: RequestListener): Promise<Receiver> {
  const server = createServer(handler);
  const receiver: Receiver = {
    port: 0,
    url: '',
    requests: 0,
    connections: 0,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  server.on('request', () => receiver.requests++);
  server.on('connection', () => receiver.connections++);
  receiver.port = await listen(server);
  receiver.url = `http://127.0.0.1:${receiver.port}`;
  receivers.push(receiver);
  return receiver;
}

/** A TCP server that answers every connection with `onSocket` (for responses http.Server cannot make). */
async function startRawServer(onSocket: (socket: Socket) => void): Promise<number> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  const port = await listen(server);
  receivers.push({
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
  return port;
}

function sender(policy: string, options: Partial<HttpSenderOptions> = {}): HttpSender {
  const s = new HttpSender({ policy: TargetPolicy.parse(policy), userAgent: 'Conduit-Test/1', ...options });
  senders.push(s);
  return s;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const ok: RequestListener = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
};

describe('HttpSender: SSRF protection', () => {
  it('blocks 127.0.0.1 by default without connecting', async () => {
    const receiver = await startReceiver(ok);
    const exchange = await sender('').send({ method: 'POST', url: `${receiver.url}/hook`, body: '{}', timeoutMs: 2000 });
    expect(exchange).toMatchObject({ outcome: 'BLOCKED', headers: [], bodyTruncated: false, finalUrl: `${receiver.url}/hook` });
    expect(exchange.error).toMatch(/127\.0\.0\.1, which is loopback .*add "127\.0\.0\.1\/32" to CONDUIT_ALLOW_PRIVATE_TARGETS/);
    expect(receiver.connections).toBe(0);
  });

  it('blocks localhost by default after resolving it, without connecting', async () => {
    const receiver = await startReceiver(ok);
    const exchange = await sender('').send({ method: 'GET', url: `http://localhost:${receiver.port}/`, timeoutMs: 2000 });
    expect(exchange.outcome).toBe('BLOCKED');
    expect(exchange.error).toMatch(/localhost resolves to .*add "localhost" or .* to CONDUIT_ALLOW_PRIVATE_TARGETS/);
    expect(receiver.connections).toBe(0);
  });

  it('blocks the decimal spelling of 127.0.0.1', async () => {
    const receiver = await startReceiver(ok);
    const exchange = await sender('').send({ method: 'GET', url: `http://2130706433:${receiver.port}/`, timeoutMs: 2000 });
    expect(exchange.outcome).toBe('BLOCKED');
    expect(receiver.connections).toBe(0);
  });

  it.each([
    ['127.0.0.1/32', '127.0.0.1', 'SUCCESS'],
    ['127.0.0.1/32', 'localhost', 'SUCCESS'],
    ['localhost', 'localhost', 'SUCCESS'],
    ['localhost', '127.0.0.1', 'BLOCKED'],
    ['*', '127.0.0.1', 'SUCCESS'],
    ['*', 'localhost', 'SUCCESS'],
    ['10.0.0.0/8', 'localhost', 'BLOCKED'],
  ])('with policy %s, %s is %s', async (policy, host, outcome) => {
    const receiver = await startReceiver(ok);
    const exchange = await sender(policy).send({ method: 'GET', url: `http://${host}:${receiver.port}/`, timeoutMs: 2000 });
    expect(exchange.outcome).toBe(outcome);
  });

  it('connects only to an allowed address of a host that resolves to several (pinning)', async () => {
    const receiver = await startReceiver(ok);
    const resolveHost = async (host: string): Promise<ResolvedAddress[]> =>
      host === 'mixed.test'
        ? [
            { address: '10.0.0.1', family: 4 },
            { address: '127.0.0.1', family: 4 },
          ]
        : [{ address: '10.0.0.1', family: 4 }];
    const s = sender('127.0.0.1/32', { resolveHost });
    // 10.0.0.1 is unreachable here: success proves the socket went to the checked 127.0.0.1
    expect((await s.send({ method: 'GET', url: `http://mixed.test:${receiver.port}/`, timeoutMs: 2000 })).outcome).toBe('SUCCESS');
    const blocked = await s.send({ method: 'GET', url: `http://private.test:${receiver.port}/`, timeoutMs: 2000 });
    expect(blocked.outcome).toBe('BLOCKED');
    expect(blocked.error).toMatch(/private\.test resolves to 10\.0\.0\.1, which is private/);
  });

  it('re-checks the address on every new connection, so DNS rebinding is refused', async () => {
    // the receiver closes each connection, so the second send needs a new one (and a new lookup)
    const receiver = await startReceiver((_req, res) => {
      res.writeHead(200, { connection: 'close' }).end('ok');
    });
    let calls = 0;
    const resolveHost = async (): Promise<ResolvedAddress[]> =>
      calls++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '169.254.169.254', family: 4 }];
    const allowed = sender('127.0.0.1/32', { resolveHost, dnsCacheTtlMs: 0 });
    expect((await allowed.send({ method: 'GET', url: `http://rebind.test:${receiver.port}/`, timeoutMs: 2000 })).outcome).toBe('SUCCESS');
    const second = await allowed.send({ method: 'GET', url: `http://rebind.test:${receiver.port}/`, timeoutMs: 2000 });
    expect(second.outcome).toBe('BLOCKED');
    expect(second.error).toMatch(/metadata/);
    expect(receiver.requests).toBe(1);
  });

  it('caches DNS answers and shares concurrent lookups', async () => {
    const receiver = await startReceiver(ok);
    let calls = 0;
    const resolveHost = async (): Promise<ResolvedAddress[]> => {
      calls++;
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const s = sender('127.0.0.1/32', { resolveHost });
    const url = `http://cached.test:${receiver.port}/`;
    const results = await Promise.all(Array.from({ length: 20 }, () => s.send({ method: 'GET', url, timeoutMs: 2000 })));
    expect(results.every((r) => r.outcome === 'SUCCESS')).toBe(true);
    expect(receiver.connections).toBeGreaterThan(1);
    expect(calls).toBe(1);
  });

  it('reports a failed DNS lookup as NETWORK_ERROR', async () => {
    const resolveHost = async (host: string): Promise<ResolvedAddress[]> => {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    };
    const exchange = await sender('', { resolveHost }).send({ method: 'GET', url: 'http://nowhere.test/', timeoutMs: 2000 });
    expect(exchange.outcome).toBe('NETWORK_ERROR');
    expect(exchange.error).toMatch(/DNS lookup of nowhere\.test failed: getaddrinfo ENOTFOUND nowhere\.test/);
  });
});

describe('HttpSender: exchanges', () => {
  it('POSTs the body and headers and returns the response', async () => {
    let seen: { method?: string; url?: string; headers?: IncomingMessage['headers']; body?: string } = {};
    const receiver = await startReceiver(async (req, res) => {
      seen = { method: req.method, url: req.url, headers: req.headers, body: await readBody(req) };
      res.writeHead(201, { 'x-request-id': 'abc', 'content-type': 'application/json' }).end('{"received":true}');
    });
    const exchange = await sender('127.0.0.1/32').send({
      method: 'POST',
      url: `${receiver.url}/hooks?x=1`,
      headers: { 'content-type': 'application/json', 'X-Custom': 'yes' },
      body: '{"a":1}',
      timeoutMs: 2000,
    });
    expect(exchange).toMatchObject({ outcome: 'SUCCESS', status: 201, body: '{"received":true}', bodyTruncated: false, finalUrl: `${receiver.url}/hooks?x=1` });
    expect(exchange.error).toBeUndefined();
    expect(exchange.headers).toEqual(expect.arrayContaining([['x-request-id', 'abc'], ['content-type', 'application/json']]));
    expect(exchange.durationMs).toBeGreaterThan(0);
    expect(seen).toMatchObject({ method: 'POST', url: '/hooks?x=1', body: '{"a":1}' });
    expect(seen.headers).toMatchObject({ 'x-custom': 'yes', 'user-agent': 'Conduit-Test/1', 'content-length': '7' });
  });

  it('delivers a signed webhook that the receiver verifies with standardwebhooks', async () => {
    const secret = generateWebhookSecret();
    const verified: unknown[] = [];
    const receiver = await startReceiver(async (req, res) => {
      const body = await readBody(req);
      try {
        verified.push(new Webhook(secret).verify(body, req.headers as Record<string, string>));
        res.writeHead(204).end();
      } catch {
        res.writeHead(401).end();
      }
    });
    const body = JSON.stringify({ type: 'ticket.created', timestamp: new Date().toISOString(), data: { id: 7, subject: 'Hé ✓' } });
    const headers = webhookHeaders({ signer: [secret], id: 'dlv_123', timestamp: Math.floor(Date.now() / 1000), body, version: '0.1.0' });
    const exchange = await sender('127.0.0.1/32').send({ method: 'POST', url: receiver.url, headers, body, timeoutMs: 2000 });
    expect(exchange.outcome).toBe('SUCCESS');
    expect(exchange.status).toBe(204);
    expect(verified).toEqual([JSON.parse(body)]);
  });

  it('keeps the connection alive between sends', async () => {
    const receiver = await startReceiver(ok);
    const s = sender('127.0.0.1/32');
    // undici may open a second connection right after the first one to a new origin; after that,
    // sequential sends reuse what is open.
    await s.send({ method: 'POST', url: receiver.url, body: 'warm-up', timeoutMs: 2000 });
    await s.send({ method: 'POST', url: receiver.url, body: 'warm-up', timeoutMs: 2000 });
    const opened = receiver.connections;
    for (let i = 0; i < 20; i++) {
      expect((await s.send({ method: 'POST', url: receiver.url, body: String(i), timeoutMs: 2000 })).outcome).toBe('SUCCESS');
    }
    expect(receiver.requests).toBe(22);
    expect(opened).toBeLessThanOrEqual(2);
    expect(receiver.connections).toBe(opened);
  });

  it('reports non-2xx answers as HTTP_ERROR with the body', async () => {
    const receiver = await startReceiver((_req, res) => {
      res.writeHead(503, 'Service Unavailable', { 'content-type': 'text/plain' }).end('down for maintenance');
    });
    const exchange = await sender('127.0.0.1/32').send({ method: 'POST', url: receiver.url, body: '{}', timeoutMs: 2000 });
    expect(exchange).toMatchObject({ outcome: 'HTTP_ERROR', status: 503, body: 'down for maintenance', error: 'HTTP 503 Service Unavailable' });
    expect(exchange.retryAfterMs).toBeUndefined();
  });

  it('parses Retry-After on 429, in seconds or as a date', async () => {
    let value = '120';
    const receiver = await startReceiver((_req, res) => {
      res.writeHead(429, { 'retry-after': value }).end();
    });
    const s = sender('127.0.0.1/32');
    expect(await s.send({ method: 'POST', url: receiver.url, timeoutMs: 2000 })).toMatchObject({ outcome: 'HTTP_ERROR', status: 429, retryAfterMs: 120_000 });
    value = new Date(Date.now() + 60_000).toUTCString();
    const dated = await s.send({ method: 'POST', url: receiver.url, timeoutMs: 2000 });
    expect(dated.retryAfterMs).toBeGreaterThan(55_000);
    expect(dated.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('times out on a server that never answers, within the timeout plus a small margin', async () => {
    const receiver = await startReceiver(() => undefined);
    const started = Date.now();
    const exchange = await sender('127.0.0.1/32').send({ method: 'POST', url: receiver.url, body: '{}', timeoutMs: 300 });
    const elapsed = Date.now() - started;
    expect(exchange.outcome).toBe('TIMEOUT');
    expect(exchange.error).toMatch(/No complete response within 300 ms/);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(450);
  });

  it('times out on a server that trickles its body forever', async () => {
    const receiver = await startReceiver((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => res.write('.'), 20);
      res.on('close', () => clearInterval(timer));
    });
    const started = Date.now();
    const exchange = await sender('127.0.0.1/32').send({ method: 'GET', url: receiver.url, timeoutMs: 400 });
    expect(exchange.outcome).toBe('TIMEOUT');
    expect(exchange.status).toBe(200);
    expect(exchange.body).toMatch(/^\.+$/);
    expect(Date.now() - started).toBeLessThan(3_000); // the drip never ends: any bound proves the deadline held
  });

  it('times out while DNS is still resolving', async () => {
    const resolveHost = (): Promise<ResolvedAddress[]> =>
      new Promise((resolve) => setTimeout(() => resolve([{ address: '10.0.0.1', family: 4 }]), 3_000).unref());
    const started = Date.now();
    const exchange = await sender('', { resolveHost }).send({ method: 'GET', url: 'http://slow-dns.test/', timeoutMs: 200 });
    expect(exchange.outcome).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(1_500); // DNS answers after 3 s
  });

  it('keeps only the first 64 kB of a huge body and stops reading', async () => {
    const receiver = await startReceiver((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = 'x'.repeat(16_384);
      // endless: a sender that kept reading would never finish
      const pump = (): void => {
        while (res.write(chunk)) {
          /* fill the socket buffer */
        }
      };
      res.on('drain', pump);
      pump();
    });
    const exchange = await sender('127.0.0.1/32').send({ method: 'GET', url: receiver.url, timeoutMs: 3000 });
    expect(exchange.outcome).toBe('SUCCESS');
    expect(exchange.bodyTruncated).toBe(true);
    expect(exchange.body).toHaveLength(65_536);
    expect(exchange.durationMs).toBeLessThan(1000);
  });

  it('does not mark a body of exactly the limit as truncated', async () => {
    const receiver = await startReceiver((_req, res) => {
      res.writeHead(200).end('y'.repeat(1000));
    });
    const exchange = await sender('127.0.0.1/32', { maxResponseBytes: 1000 }).send({ method: 'GET', url: receiver.url, timeoutMs: 2000 });
    expect(exchange).toMatchObject({ outcome: 'SUCCESS', bodyTruncated: false });
    expect(exchange.body).toHaveLength(1000);
  });

  it('reports a connection reset as NETWORK_ERROR', async () => {
    const receiver = await startReceiver((req) => {
      req.socket.resetAndDestroy();
    });
    const exchange = await sender('127.0.0.1/32').send({ method: 'POST', url: receiver.url, body: '{}', timeoutMs: 2000 });
    expect(exchange.outcome).toBe('NETWORK_ERROR');
    expect(exchange.error).toMatch(/closed before a complete response/);
  });

  it('reports a refused connection as NETWORK_ERROR', async () => {
    const receiver = await startReceiver(ok);
    const port = receiver.port;
    await receiver.close();
    const exchange = await sender('127.0.0.1/32').send({ method: 'POST', url: `http://127.0.0.1:${port}/`, timeoutMs: 2000 });
    expect(exchange.outcome).toBe('NETWORK_ERROR');
    expect(exchange.error).toMatch(/Connection refused by 127\.0\.0\.1:\d+/);
  });

  it('reports garbage instead of HTTP as INVALID_RESPONSE', async () => {
    const port = await startRawServer((socket) => {
      socket.once('data', () => socket.end('HELLO THERE\r\n\r\n'));
    });
    const exchange = await sender('127.0.0.1/32').send({ method: 'GET', url: `http://127.0.0.1:${port}/`, timeoutMs: 2000 });
    expect(exchange.outcome).toBe('INVALID_RESPONSE');
    expect(exchange.error).toMatch(/invalid HTTP response/);
  });

  it('reports a connection closed in the middle of the body as NETWORK_ERROR, keeping what arrived', async () => {
    const port = await startRawServer((socket) => {
      socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nshort'));
    });
    const exchange = await sender('127.0.0.1/32').send({ method: 'GET', url: `http://127.0.0.1:${port}/`, timeoutMs: 2000 });
    expect(exchange).toMatchObject({ outcome: 'NETWORK_ERROR', status: 200, body: 'short' });
    expect(exchange.error).toMatch(/closed before a complete response/);
  });

  it('refuses CONNECT and explains why', async () => {
    const exchange = await sender('*').send({ method: 'CONNECT' as never, url: 'http://example.com/', timeoutMs: 1000 });
    expect(exchange.outcome).toBe('BLOCKED');
    expect(exchange.error).toMatch(/CONNECT opens a proxy tunnel/);
  });

  it('refuses a header with a line break without sending', async () => {
    const receiver = await startReceiver(ok);
    const exchange = await sender('127.0.0.1/32').send({ method: 'GET', url: receiver.url, headers: { 'x-evil': 'a\r\nx-injected: 1' }, timeoutMs: 1000 });
    expect(exchange.outcome).toBe('BLOCKED');
    expect(exchange.error).toMatch(/Request not sent/);
    expect(receiver.requests).toBe(0);
  });

  it('refuses URLs with credentials or other schemes', async () => {
    const s = sender('*');
    expect((await s.send({ method: 'GET', url: 'http://user:secret@example.com/', timeoutMs: 1000 })).error).toMatch(/Credentials in the URL/);
    expect((await s.send({ method: 'GET', url: 'file:///etc/passwd', timeoutMs: 1000 })).outcome).toBe('BLOCKED');
  });

  it('handles many concurrent sends', async () => {
    const receiver = await startReceiver(async (req, res) => {
      const body = await readBody(req);
      res.writeHead(200).end(body);
    });
    const s = sender('127.0.0.1/32');
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) => s.send({ method: 'POST', url: receiver.url, body: `{"n":${i}}`, timeoutMs: 5000 })),
    );
    expect(results.map((r) => r.body)).toEqual(Array.from({ length: 300 }, (_, i) => `{"n":${i}}`));
  });

  it('close() waits for sends in progress, then refuses new ones', async () => {
    const receiver = await startReceiver((_req, res) => {
      setTimeout(() => res.writeHead(200).end('late'), 100);
    });
    const s = new HttpSender({ policy: TargetPolicy.parse('127.0.0.1/32'), userAgent: 'x' });
    const pending = s.send({ method: 'GET', url: receiver.url, timeoutMs: 2000 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await s.close();
    expect((await pending).body).toBe('late');
    await expect(s.send({ method: 'GET', url: receiver.url, timeoutMs: 2000 })).rejects.toThrow(/closed/);
  });

  it('close({ abortInFlight }) ends a send to a receiver that never answers at once, rejecting it', async () => {
    const receiver = await startReceiver(() => undefined); // never answers
    const s = new HttpSender({ policy: TargetPolicy.parse('127.0.0.1/32'), userAgent: 'x' });
    const outcome = s.send({ method: 'POST', url: receiver.url, body: '{}', timeoutMs: 30_000 }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await s.close({ abortInFlight: true });
    expect(await outcome).toMatchObject({ message: new SenderClosedError().message, code: 'INTERNAL' });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('HttpSender: redirects', () => {
  async function redirecting(status: number, location: (receiver: Receiver) => string): Promise<Receiver & { seen: Array<{ method?: string; url?: string; body: string; headers: IncomingMessage['headers'] }> }> {
    const seen: Array<{ method?: string; url?: string; body: string; headers: IncomingMessage['headers'] }> = [];
    const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
      seen.push({ method: req.method, url: req.url, body: await readBody(req), headers: req.headers });
      if (req.url === '/start') res.writeHead(status, { location: location(receiver) }).end('moved');
      else if (req.url === '/loop') res.writeHead(302, { location: '/loop' }).end();
      else res.writeHead(200).end('final');
    };
    const receiver = await startReceiver((req, res) => void handler(req, res));
    return Object.assign(receiver, { seen });
  }

  it('does not follow redirects by default: the 3xx is the answer', async () => {
    const receiver = await redirecting(302, () => '/final');
    const exchange = await sender('127.0.0.1/32').send({ method: 'POST', url: `${receiver.url}/start`, body: '{}', timeoutMs: 2000 });
    expect(exchange).toMatchObject({ outcome: 'HTTP_ERROR', status: 302, finalUrl: `${receiver.url}/start` });
    expect(exchange.error).toMatch(/redirects are not followed/);
    expect(receiver.seen).toHaveLength(1);
  });

  it('follows a 307 keeping method and body when allowed', async () => {
    const receiver = await redirecting(307, () => '/final');
    const exchange = await sender('127.0.0.1/32').send({ method: 'POST', url: `${receiver.url}/start`, body: '{"a":1}', timeoutMs: 2000, maxRedirects: 3 });
    expect(exchange).toMatchObject({ outcome: 'SUCCESS', status: 200, body: 'final', finalUrl: `${receiver.url}/final` });
    expect(receiver.seen.map((r) => [r.method, r.url, r.body])).toEqual([
      ['POST', '/start', '{"a":1}'],
      ['POST', '/final', '{"a":1}'],
    ]);
  });

  it('turns a POST into a GET without body on 303', async () => {
    const receiver = await redirecting(303, () => '/final');
    await sender('127.0.0.1/32').send({
      method: 'POST',
      url: `${receiver.url}/start`,
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
      timeoutMs: 2000,
      maxRedirects: 1,
    });
    expect(receiver.seen[1]).toMatchObject({ method: 'GET', url: '/final', body: '' });
    expect(receiver.seen[1].headers['content-type']).toBeUndefined();
  });

  it('drops credentials when the redirect leaves the origin', async () => {
    const receiver = await redirecting(307, (r) => `http://localhost:${r.port}/final`);
    const exchange = await sender('127.0.0.1/32').send({
      method: 'GET',
      url: `${receiver.url}/start`,
      headers: { authorization: 'Bearer s3cret', 'x-keep': '1' },
      timeoutMs: 2000,
      maxRedirects: 1,
    });
    expect(exchange.outcome).toBe('SUCCESS');
    expect(receiver.seen[0].headers.authorization).toBe('Bearer s3cret');
    expect(receiver.seen[1].headers.authorization).toBeUndefined();
    expect(receiver.seen[1].headers['x-keep']).toBe('1');
  });

  it('refuses a redirect to a blocked literal address', async () => {
    const receiver = await redirecting(302, (r) => `http://127.0.0.1:${r.port}/final`);
    const exchange = await sender('localhost').send({ method: 'GET', url: `http://localhost:${receiver.port}/start`, timeoutMs: 2000, maxRedirects: 2 });
    expect(exchange.outcome).toBe('BLOCKED');
    expect(exchange.error).toMatch(/127\.0\.0\.1, which is loopback/);
    expect(exchange.finalUrl).toBe(`http://127.0.0.1:${receiver.port}/final`);
    expect(receiver.seen).toHaveLength(1);
  });

  it('refuses a redirect to a host name that resolves to a blocked address', async () => {
    const receiver = await redirecting(302, () => 'http://metadata.test/latest/meta-data/');
    const resolveHost = async (): Promise<ResolvedAddress[]> => [{ address: '169.254.169.254', family: 4 }];
    const exchange = await sender('127.0.0.1/32', { resolveHost }).send({ method: 'GET', url: `${receiver.url}/start`, timeoutMs: 2000, maxRedirects: 2 });
    expect(exchange.outcome).toBe('BLOCKED');
    expect(exchange.error).toMatch(/metadata\.test resolves to 169\.254\.169\.254/);
  });

  it('refuses a redirect to another scheme', async () => {
    const receiver = await redirecting(302, () => 'file:///etc/passwd');
    const exchange = await sender('127.0.0.1/32').send({ method: 'GET', url: `${receiver.url}/start`, timeoutMs: 2000, maxRedirects: 2 });
    expect(exchange).toMatchObject({ outcome: 'BLOCKED', finalUrl: 'file:///etc/passwd' });
  });

  it('stops after maxRedirects', async () => {
    const receiver = await redirecting(302, () => '/loop');
    const exchange = await sender('127.0.0.1/32').send({ method: 'GET', url: `${receiver.url}/start`, timeoutMs: 2000, maxRedirects: 3 });
    expect(exchange).toMatchObject({ outcome: 'HTTP_ERROR', status: 302 });
    expect(exchange.error).toMatch(/too many redirects/);
    expect(receiver.seen).toHaveLength(4);
  });
});
