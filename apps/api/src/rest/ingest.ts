import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import contentType from 'content-type';
import getRawBody from 'raw-body';
import { inRequestContext } from '../logger';
import type { Services } from '../services';
import { publishFromRest, restErrorResponse, type IngestBody } from './rest';

/** The body limit of `POST /v1/events`: a 256 kB payload and its envelope. */
const BODY_LIMIT = '300kb';

/**
 * `POST /v1/events` (with or without a trailing slash or a query string). Ingestion is the
 * product's hottest endpoint, so Node's HTTP server answers it without Express: on a 2-core VM
 * Express's request and response wrapping and its JSON body parser cost ~200 µs per request, a
 * fifth of a publish's CPU in the api process (docs/BENCHMARKS.md, session 6). Every other route
 * goes through Express.
 */
export function isIngestRequest(req: IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  const url = req.url ?? '';
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  return path === '/v1/events' || path === '/v1/events/';
}

/**
 * Serves `POST /v1/events` as the Express route did: the request id header and log context,
 * the body parsed as `express.json()` would (JSON content types only, UTF-8, gzip/deflate/br,
 * 300 kB, objects and arrays only), and errors in the REST format.
 */
export function ingestHandler(services: Services): (req: IncomingMessage, res: ServerResponse) => void {
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const body = await readJsonBody(req);
      send(res, 202, await publishFromRest(services, req.headers.authorization, body));
    } catch (error) {
      const answer = restErrorResponse(services, error, req.url ?? '/v1/events');
      send(res, answer.status, answer.body, answer.headers);
    }
  };
  return (req, res) => inRequestContext(req.headers, res, () => void serve(req, res));
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const json = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

/** An error raw-body and body-parser would raise: `status` picks the answer (restErrorResponse). */
function httpError(status: number, message: string): Error {
  return Object.assign(new Error(message), { status });
}

/**
 * The JSON body, or undefined when the request does not say it is JSON (as `express.json()`
 * leaves `req.body` unset then). Throws with `status` 400 (not JSON), 413 (over the limit) or 415
 * (another charset or content encoding).
 */
export async function readJsonBody(req: IncomingMessage): Promise<IngestBody | undefined> {
  if (!req.headers['content-type']) return undefined;
  let type: contentType.ParsedMediaType;
  try {
    type = contentType.parse(req.headers['content-type']);
  } catch {
    return undefined;
  }
  if (type.type !== 'application/json' && !/^application\/[^/]+\+json$/.test(type.type)) return undefined;
  const charset = (type.parameters.charset ?? 'utf-8').toLowerCase();
  if (charset !== 'utf-8' && charset !== 'utf8') throw httpError(415, `unsupported charset "${charset}"`);
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  let stream: Readable = req;
  if (encoding === 'gzip' || encoding === 'x-gzip') stream = req.pipe(zlib.createGunzip());
  else if (encoding === 'deflate') stream = req.pipe(zlib.createInflate());
  else if (encoding === 'br') stream = req.pipe(zlib.createBrotliDecompress());
  else if (encoding !== 'identity') throw httpError(415, `unsupported content encoding "${encoding}"`);
  let text: string;
  try {
    // The limit applies to the decompressed body; the declared length is checked when sent as is.
    text = await getRawBody(stream, { limit: BODY_LIMIT, length: stream === req ? req.headers['content-length'] : undefined, encoding: 'utf-8' });
  } catch (error) {
    // A corrupt compressed body is a bad request (raw-body's own errors carry their status).
    if (typeof (error as { status?: unknown }).status === 'number') throw error;
    throw httpError(400, 'the compressed body could not be read');
  }
  // Strict like express.json(): an object or an array, nothing else.
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') throw httpError(400, 'the body is not a JSON object or array');
  try {
    return JSON.parse(text) as IngestBody;
  } catch {
    throw httpError(400, 'the body is not valid JSON');
  }
}
