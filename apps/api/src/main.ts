import { loadConfig } from './config';
import { startConduit } from './app';
import { createLogger } from './logger';

/** Entry point: config → database → schema → server/worker, and a graceful stop on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    // eslint-disable-next-line no-console
    console.error(`Configuration error: ${(error as Error).message}`);
    process.exit(2);
  }
  const logger = createLogger(config.logLevel);
  const app = await startConduit(config, logger).catch((error: unknown) => {
    logger.fatal({ err: error }, `Conduit could not start: ${(error as Error).message}`);
    process.exit(1);
  });
  if (app.url) logger.info(`Console: ${app.url.replace('127.0.0.1', 'localhost')}/  GraphQL: ${app.url.replace('127.0.0.1', 'localhost')}/graphql`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const drainMs = config.shutdownDrainMs;
    const startedAt = Date.now();
    logger.info({ signal, drainMs }, 'stopping: draining requests in flight');
    // The drain is bounded; closing connections after it should take moments. If something hangs
    // anyway, leave rather than ignore the orchestrator's SIGTERM until it sends SIGKILL.
    setTimeout(() => {
      logger.error({ drainMs }, 'stopping took too long; exiting now');
      process.exit(1);
    }, 2 * drainMs + 15_000).unref(); // role "all" drains deliveries, then HTTP
    app
      .stop({ drainMs })
      .then(() => {
        logger.info({ signal, drainMs, stopMs: Date.now() - startedAt }, 'stopped: drained and closed every connection');
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'error while stopping');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
