/**
 * Structured JSON logs (pino) on stderr; stdout is reserved for the one
 * "gateway listening on …" line tools parse. Anything that could carry a
 * credential is redacted by path, and request logging never includes the query
 * string (the stream accepts `access_token` there).
 */
import pino, { type Logger } from 'pino';

export type { Logger };

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'token',
  'accessToken',
  'refreshToken',
  'access_token',
  'password',
  'serviceToken',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.access_token',
  '*.password',
];

export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      base: { svc: 'frontdesk-gateway' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    pino.destination({ dest: 2, sync: false }),
  );
}

/** The path of a request URL without its query string (never log `access_token`). */
export function pathOnly(url: string | undefined): string {
  if (!url) return '';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
