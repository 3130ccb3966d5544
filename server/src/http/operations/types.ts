import type { Request, Response } from 'express';
import type { operations } from '../../../../openapi/generated/enrich';

export type OperationId = keyof operations;

/** The JSON request body of an operation, from the generated types. */
export type RequestBodyOf<K extends OperationId> = operations[K] extends {
  requestBody: { content: { 'application/json': infer B } };
}
  ? B
  : undefined;

/** The 200 body of an operation, from the generated types. */
export type OkBodyOf<K extends OperationId> = operations[K]['responses'] extends { 200: { content: infer C } } ? C[keyof C] : never;

/** A handler for one operation, typed from the spec: its request body in, its 200 body out. */
export type Handler<K extends OperationId> = (
  req: Request<Record<string, string>, OkBodyOf<K>, RequestBodyOf<K>>,
  res: Response<OkBodyOf<K>>,
) => void | Promise<void>;

/** One handler per operationId in the spec: a missing one is a compile error. */
export type HandlerMap = { [K in OperationId]: Handler<K> };
