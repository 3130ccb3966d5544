import winston from 'winston';
import type { Writable } from 'node:stream';
import { lineBuffer } from './lineBuffer';

export type Logger = winston.Logger;

/** Keys whose values never reach a log line: secrets and the personal identifiers callers send us. */
const SECRET_OR_PERSONAL = /^(authorization|api_?key|key|token|secret|password|cookie|email|personal_email|business_email|first_name|last_name|phone|domain|company_name|linkedin_url|identifiers|body)$/i;

function redactValue(value: unknown, depth: number): unknown {
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_OR_PERSONAL.test(key) ? '[redacted]' : redactValue(inner, depth + 1);
  }
  return out;
}

/** A winston format that replaces secret and personal values by `[redacted]`, however deep (to 4 levels). */
export const redact = winston.format((info) => {
  for (const key of Object.keys(info)) {
    info[key] = SECRET_OR_PERSONAL.test(key) ? '[redacted]' : redactValue(info[key], 1);
  }
  return info;
});

export interface LoggerOptions {
  level: string;
  /** Where JSON lines go; stdout (batched per event-loop turn, lineBuffer.ts) when absent. Tests pass a stream to read what was logged. */
  stream?: Writable;
  silent?: boolean;
}

/** One JSON object per line, with a timestamp, after redaction. */
export function createLogger(options: LoggerOptions): Logger {
  const transport = new winston.transports.Stream({ stream: options.stream ?? lineBuffer() });
  return winston.createLogger({
    level: options.level,
    silent: options.silent ?? false,
    format: winston.format.combine(redact(), winston.format.timestamp(), winston.format.json()),
    defaultMeta: { service: 'enrich' },
    transports: [transport],
  });
}
