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
    logger.info({ signal }, 'stopping: draining requests in flight');
    app
      .stop({ drainMs: 10_000 })
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'error while stopping');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
