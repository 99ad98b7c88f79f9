import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';

/**
 * Receives one HTTP response through undici's handler interface (no stream, no per-chunk promise),
 * keeping at most `maxBytes` of the body. `done` settles exactly once: at the end of the
 * response, on error, when the body limit is reached, or when {@link stop} is called.
 */
export class ResponseCollector implements Dispatcher.DispatchHandler {
  status: number | undefined;
  statusText: string | undefined;
  headers: IncomingHttpHeaders | undefined;
  /** Body bytes kept (at most maxBytes). */
  bytes = 0;
  truncated = false;
  /** Why the exchange ended early, if it did (and was not a truncation). */
  error: Error | undefined;
  readonly done: Promise<void>;

  private chunks: Buffer[] = [];
  private controller: Dispatcher.DispatchController | undefined;
  private settled = false;
  private resolveDone!: () => void;

  constructor(private readonly maxBytes: number) {
    this.done = new Promise<void>((resolve) => {
      this.resolveDone = resolve;
    });
  }

  /** The body received so far, decoded as UTF-8. */
  bodyText(): string {
    if (this.chunks.length === 0) return '';
    const buffer = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.bytes);
    return buffer.toString('utf8');
  }

  /** Ends the exchange now (deadline passed, sender closing): aborts the request wherever it is. */
  stop(reason: Error): void {
    if (this.settled) return;
    this.error = reason;
    this.settle();
    this.controller?.abort(reason);
  }

  /** Records a failure raised before undici took the request (e.g. invalid headers). */
  fail(error: Error): void {
    if (this.settled) return;
    this.error = error;
    this.settle();
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    // Stopped while still queued or connecting: abort as soon as undici hands us the request.
    if (this.settled) controller.abort(this.error ?? new Error('exchange already finished'));
    else this.controller = controller;
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
    statusMessage?: string,
  ): void {
    if (statusCode < 200) return; // informational (100 Continue): the final response follows
    this.status = statusCode;
    this.statusText = statusMessage;
    this.headers = headers;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    const room = this.maxBytes - this.bytes;
    if (chunk.length <= room) {
      this.chunks.push(chunk);
      this.bytes += chunk.length;
      return;
    }
    if (room > 0) {
      this.chunks.push(chunk.subarray(0, room));
      this.bytes += room;
    }
    // Stop reading: the rest is not stored, and an endless body must not hold the connection.
    this.truncated = true;
    this.settle();
    controller.abort(new Error('response body over the size limit'));
  }

  onResponseEnd(): void {
    this.settle();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.settled) return;
    this.error = error;
    this.settle();
  }

  private settle(): void {
    if (this.settled) return;
    this.settled = true;
    this.resolveDone();
  }
}
