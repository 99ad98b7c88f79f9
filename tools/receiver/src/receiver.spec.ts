import { connect } from 'node:net';
import { startReceiver, type Receiver } from './receiver';

describe('startReceiver', () => {
  let receiver: Receiver;

  beforeEach(async () => {
    receiver = await startReceiver();
  });

  afterEach(async () => {
    await receiver.close();
  });

  function post(path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
    return fetch(`${receiver.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': 'msg_1' },
      body: JSON.stringify(body),
      signal,
    });
  }

  it('listens on a random loopback port and records each request', async () => {
    expect(receiver.url).toBe(`http://127.0.0.1:${receiver.port}`);
    expect(receiver.port).toBeGreaterThan(0);

    const response = await post('/hooks/a?x=1', { hello: 'world' });

    expect(response.status).toBe(200);
    const [request] = receiver.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/hooks/a?x=1', body: '{"hello":"world"}' });
    expect(request?.headers['webhook-id']).toBe('msg_1');
    expect(request?.receivedAt).toBeLessThanOrEqual(Date.now());
  });

  it('answers failStatus with Retry-After to the first N requests, then status', async () => {
    receiver.setBehaviour({ failFirst: 2, failStatus: 503, retryAfter: '7', status: 202, body: '{"ok":true}' });

    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push(await post('/', { i }));

    expect(answers.map((response) => response.status)).toEqual([503, 503, 202, 202]);
    expect(answers[0]?.headers.get('retry-after')).toBe('7');
    expect(answers[2]?.headers.get('retry-after')).toBeNull();
    expect(await answers[2]?.json()).toEqual({ ok: true });
    expect(receiver.stats().statuses).toEqual({ '503': 2, '202': 2 });
  });

  it('answers failStatus to the share of requests given by errorRate', async () => {
    receiver.setBehaviour({ errorRate: 1, failStatus: 502 }, '/flaky');

    expect((await post('/flaky', {})).status).toBe(502);
    expect((await post('/steady', {})).status).toBe(200);
  });

  it('never answers while hanging, so only the client-side timeout ends the call', async () => {
    receiver.setBehaviour({ hang: true });

    const started = Date.now();
    await expect(post('/', {}, AbortSignal.timeout(300))).rejects.toMatchObject({ name: 'TimeoutError' });

    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(receiver.stats().count).toBe(1);
    expect(receiver.stats().statuses).toEqual({});
  });

  it('applies a behaviour to its path prefix only, by whole segments', async () => {
    receiver.setBehaviour({ hang: true }, '/hang');
    receiver.setBehaviour({ status: 410 }, '/gone/');

    const hanging = post('/hang/x', {}, AbortSignal.timeout(300));
    expect((await post('/ok', {})).status).toBe(200);
    expect((await post('/hangar', {})).status).toBe(200);
    expect((await post('/gone', {})).status).toBe(410);
    await expect(hanging).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('delays answers by latencyMs', async () => {
    receiver.setBehaviour({ latencyMs: 150 });

    const started = Date.now();
    await post('/', {});

    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('waitFor resolves once enough requests arrived and rejects with what did on timeout', async () => {
    const waiting = receiver.waitFor(2, 2_000);
    await post('/one', {});
    await post('/two', {});

    const requests = await waiting;
    expect(requests.map((request) => request.path)).toEqual(['/one', '/two']);
    await expect(receiver.waitFor(3, 100)).rejects.toThrow(/waited 100 ms for 3 request\(s\), got 2 \(POST \/one, POST \/two\)/);
  });

  it('only counts when recordBodies is false', async () => {
    receiver.setBehaviour({ recordBodies: false });

    await Promise.all([post('/', { a: 1 }), post('/', { a: 2 }), post('/', { a: 3 })]);

    await expect(receiver.waitFor(3, 1_000)).resolves.toEqual([]);
    expect(receiver.stats()).toMatchObject({ count: 3, pending: 0, statuses: { '200': 3 } });
  });

  it('reset forgets requests and restores the behaviours it started with', async () => {
    await receiver.close();
    receiver = await startReceiver({ behaviour: { status: 201 }, paths: { '/down': { status: 503 } } });
    receiver.setBehaviour({ status: 500 });
    await post('/', {});

    receiver.reset();

    expect(receiver.requests).toEqual([]);
    expect(receiver.stats()).toMatchObject({ count: 0, statuses: {}, firstReceivedAt: null });
    expect((await post('/', {})).status).toBe(201);
    expect((await post('/down/1', {})).status).toBe(503);
  });

  it('refuses an invalid behaviour with a message naming the field', () => {
    expect(() => receiver.setBehaviour({ status: 42 })).toThrow('status must be an integer from 200 to 599: got 42.');
    expect(() => receiver.setBehaviour({ latency: 5 } as never)).toThrow(/Unknown behaviour field\(s\): latency/);
    expect(() => receiver.setBehaviour({}, '/_stats')).toThrow(/control path/);
  });

  describe('hostile answers', () => {
    /** Sends one raw request and collects what comes back until the connection ends. */
    function rawExchange(path: string): Promise<{ data: Buffer; error: NodeJS.ErrnoException | null; chunks: number; elapsedMs: number }> {
      return new Promise((resolve) => {
        const started = Date.now();
        const chunks: Buffer[] = [];
        const socket = connect(receiver.port, '127.0.0.1', () => {
          socket.write(`POST ${path} HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\n{}`);
        });
        let error: NodeJS.ErrnoException | null = null;
        socket.on('data', (chunk: Buffer) => chunks.push(chunk));
        socket.on('error', (e: NodeJS.ErrnoException) => (error = e));
        socket.on('close', () => resolve({ data: Buffer.concat(chunks), error, chunks: chunks.length, elapsedMs: Date.now() - started }));
      });
    }

    it('reset drops the connection with a TCP reset and no answer, after recording the request', async () => {
      receiver.setBehaviour({ reset: true }, '/reset');

      const result = await rawExchange('/reset');

      expect(result.error?.code).toBe('ECONNRESET');
      expect(result.data.length).toBe(0);
      expect(receiver.stats()).toMatchObject({ count: 1, pending: 0, statuses: {} });
    });

    it('garbage writes its bytes instead of an HTTP response, then closes', async () => {
      receiver.setBehaviour({ garbage: 'HELLO FRIEND\r\n\r\n' }, '/garbage');

      const result = await rawExchange('/garbage');

      expect(result.data.toString()).toBe('HELLO FRIEND\r\n\r\n');
      expect(result.error).toBeNull();
      await expect(post('/garbage', {})).rejects.toThrow();
    });

    it('dribbleMs writes the whole answer one byte at a time', async () => {
      receiver.setBehaviour({ dribbleMs: 1, status: 202, body: 'ok' }, '/slow');

      const result = await rawExchange('/slow');

      const text = result.data.toString();
      expect(text).toMatch(/^HTTP\/1\.1 202 Accepted\r\n/);
      expect(text.endsWith('\r\n\r\nok')).toBe(true);
      expect(result.chunks).toBeGreaterThan(20); // byte by byte, not one write
      expect(result.elapsedMs).toBeGreaterThanOrEqual(text.length * 0.5);
      expect(receiver.stats().statuses).toEqual({ '202': 1 });
    });

    it('bodyBytes streams a body of that size; headerBytes adds a header of that size', async () => {
      receiver.setBehaviour({ bodyBytes: 3 * 1024 * 1024 + 7, headerBytes: 10_000 }, '/big');

      const response = await post('/big', {});
      const body = await response.arrayBuffer();

      expect(response.headers.get('content-length')).toBe(String(3 * 1024 * 1024 + 7));
      expect(body.byteLength).toBe(3 * 1024 * 1024 + 7);
      expect(response.headers.get('x-filler')).toHaveLength(10_000);
    });

    it('location with a 3xx status redirects (to itself: a loop)', async () => {
      receiver.setBehaviour({ status: 302, location: '/loop' }, '/loop');

      await expect(post('/loop', {})).rejects.toThrow(); // fetch gives up after 20 redirects
      expect(receiver.stats().count).toBeGreaterThan(5);
      const manual = await fetch(`${receiver.url}/loop`, { redirect: 'manual' });
      expect(manual.status).toBe(302);
      expect(manual.headers.get('location')).toBe('/loop');
    });

    it('refuses a location or retryAfter with a line break', () => {
      expect(() => receiver.setBehaviour({ location: '/a\r\nx-injected: 1' })).toThrow('location must not contain CR or LF.');
    });
  });

  describe('HTTP control surface', () => {
    it('changes the behaviour, per path too, and reports stats without counting itself', async () => {
      const set = await fetch(`${receiver.url}/_behaviour`, { method: 'POST', body: JSON.stringify({ status: 429 }) });
      expect(set.status).toBe(200);
      await fetch(`${receiver.url}/_behaviour?path=/fine`, { method: 'POST', body: '{}' });

      expect((await post('/busy', {})).status).toBe(429);
      expect((await post('/fine/1', {})).status).toBe(200);

      const stats = await fetch(`${receiver.url}/_stats`);
      expect(await stats.json()).toMatchObject({ count: 2, pending: 0, statuses: { '429': 1, '200': 1 } });
    });

    it('serves the recorded requests, most recent last', async () => {
      await post('/a', { n: 1 });
      await post('/b', { n: 2 });

      const response = await fetch(`${receiver.url}/_requests?limit=1`);
      const listed = (await response.json()) as { count: number; requests: Array<{ path: string; body: string }> };

      expect(listed.count).toBe(2);
      expect(listed.requests).toMatchObject([{ path: '/b', body: '{"n":2}' }]);
    });

    it('resets counters', async () => {
      await post('/', {});

      const reset = await fetch(`${receiver.url}/_reset`, { method: 'POST' });

      expect(reset.status).toBe(200);
      expect(receiver.stats().count).toBe(0);
      expect(receiver.requests).toEqual([]);
    });

    it('answers 400 with the reason for an invalid behaviour and keeps the current one', async () => {
      const response = await fetch(`${receiver.url}/_behaviour`, { method: 'POST', body: '{"errorRate": 2}' });

      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: 'errorRate must be a number from 0 to 1: got 2.' });
      expect((await post('/', {})).status).toBe(200);
    });

    it('answers 405 to the wrong method', async () => {
      const response = await fetch(`${receiver.url}/_reset`);

      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
    });
  });

  it('close ends hanging connections and fails pending waits', async () => {
    receiver.setBehaviour({ hang: true });
    const hanging = post('/', {});
    await receiver.waitFor(1, 1_000);
    const waiting = expect(receiver.waitFor(5, 10_000)).rejects.toThrow(/closed while waiting for 5 request\(s\), got 1/);

    await receiver.close();

    await expect(hanging).rejects.toThrow();
    await waiting;
    receiver = await startReceiver(); // afterEach closes it
  });
});
