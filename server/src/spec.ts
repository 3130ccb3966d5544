import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from './paths';
import type { OpenAPIV3 } from 'express-openapi-validator/dist/framework/types';

export const SPEC_PATH = path.join(PROJECT_ROOT, 'openapi/enrich.yaml');

export interface LoadedSpec {
  readonly text: string;
  readonly document: OpenAPIV3.DocumentV3;
}

/** Reads the contract once; the server routes, validates and serves from this one copy. */
export function loadSpec(file: string = SPEC_PATH): LoadedSpec {
  const text = readFileSync(file, 'utf8');
  return { text, document: parse(text) as OpenAPIV3.DocumentV3 };
}

export interface OperationRoute {
  readonly operationId: string;
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The Express form of the path (`/jobs/:id` for `/jobs/{id}`). */
  readonly path: string;
  /** The security schemes that guard the operation (its own `security`, or the document's); empty when open. */
  readonly schemes: readonly string[];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every operation of the document, with its method, path and whether it is secured. */
export function operationRoutes(document: OpenAPIV3.DocumentV3): OperationRoute[] {
  const routes: OperationRoute[] = [];
  for (const [route, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method];
      if (!operation?.operationId) continue;
      const security = operation.security ?? document.security ?? [];
      const schemes = [...new Set(security.flatMap((requirement) => Object.keys(requirement)))];
      routes.push({ operationId: operation.operationId, method, path: route.replace(/\{([^}]+)\}/g, ':$1'), schemes });
    }
  }
  return routes;
}
