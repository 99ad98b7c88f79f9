import pino, { type Logger } from 'pino';

/** Structured JSON logs. Credential-bearing fields are redacted wherever they appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'conduit', pid: process.pid },
    redact: {
      paths: ['password', '*.password', 'secret', '*.secret', 'token', '*.token', 'authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization'],
      censor: '••••',
    },
  });
}
