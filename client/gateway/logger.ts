import type { Writable } from 'node:stream';
import winston from 'winston';

export type GatewayLogger = winston.Logger;

/**
 * The gateway's own JSON-lines logger (client/ imports nothing from server/). It is only ever handed
 * reasons, statuses, problem types and request ids: never identifiers, keys or answers.
 */
export function createGatewayLogger(options: { level: string; stream?: Writable }): GatewayLogger {
  return winston.createLogger({
    level: options.level,
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    defaultMeta: { service: 'enrich-gateway' },
    transports: [options.stream ? new winston.transports.Stream({ stream: options.stream }) : new winston.transports.Console()],
  });
}
