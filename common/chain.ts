/** What Express hands a middleware as `next`: go on, stop with an error, or leave (`'route'`, `'router'`). */
export type Next = (error?: unknown) => void;
/** A middleware as Express runs it (typed loosely here: common/ takes nothing from Express). */
export type Middleware<Req, Res> = (req: Req, res: Res, next: Next) => unknown;

/**
 * Runs middlewares in order as one handler, as Express's router would run them one layer each: a
 * middleware calls `next()` (or `next` with a falsy value) to go on, `next(error)` to stop with an
 * error, `next('route')` or `next('router')` to leave (handed to the router as is); one that throws,
 * or an async one that rejects, stops with its error (a falsy rejection becomes an Error). Error
 * handlers (four parameters) are refused when the chain is built: they belong after it. The router
 * then dispatches a request to one layer instead of to each (the ~12 of the API's POST /enrich:
 * matching, method checks and promise wrapping per layer were ~8% of a cache hit's CPU).
 * Used by the API (server/src/app.ts) and the gateway (client/gateway/app.ts).
 */
export function chain<Req, Res>(handlers: ReadonlyArray<Middleware<Req, Res>>): Middleware<Req, Res> {
  if (handlers.some((handler) => handler.length > 3)) throw new TypeError('chain() runs request handlers; an error handler (four parameters) goes after it');
  if (handlers.length === 1) return handlers[0]!;
  return (req, res, done) => {
    let index = 0;
    const next: Next = (error) => {
      if (error) return done(error);
      const handler = handlers[index++];
      if (handler === undefined) return done();
      try {
        const result = handler(req, res, next);
        if (typeof (result as PromiseLike<void> | undefined)?.then === 'function') {
          (result as PromiseLike<void>).then(undefined, (reason: unknown) => next(reason || new Error('Rejected promise')));
        }
      } catch (thrown) {
        next(thrown);
      }
    };
    next();
  };
}
