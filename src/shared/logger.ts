import { pino, type Logger } from 'pino';

// One structured logger for the three programs. Secret-bearing fields are
// redacted by path as a second line of defence; the first is never passing
// secret values to the logger at all.
export const REDACT_PATHS = [
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  '*.apiKey',
  '*.api_key',
  '*.token',
  '*.password',
  '*.data',
  '*.stringData',
];

export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } });
}
