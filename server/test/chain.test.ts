import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import request from 'supertest';
import { chain } from '../../common/chain';

/**
 * An app whose router's one route runs `handlers(steps)` through chain(), `steps` being the request's
 * own record; a second route on the path answers "next route", what comes after the router answers
 * "router left", and errors answer 500 with their message.
 */
function appWith(handlers: (steps: string[]) => RequestHandler[]) {
  const app = express();
  const router = express.Router();
  router.get('/x', (req, res, next) => chain(handlers([]))(req, res, next));
  router.get('/x', (_req, res) => void res.send('next route'));
  app.use(router);
  app.use((_req, res) => void res.status(404).send('router left'));
  const onError: ErrorRequestHandler = (error: Error, _req, res, _next) => void res.status(500).send(`error: ${error.message}`);
  app.use(onError);
  return app;
}

const step =
  (steps: string[], name: string): RequestHandler =>
  (_req, _res, next) => {
    steps.push(name);
    next();
  };
const answer =
  (steps: string[]): RequestHandler =>
  (_req, res) =>
    void res.send(steps.join(','));
const throws: RequestHandler = () => {
  throw new Error('thrown');
};

describe('chain: a route’s middlewares run as one router layer, with the router’s semantics', () => {
  it('runs the middlewares in order, each after the previous one called next()', async () => {
    const res = await request(appWith((steps) => [step(steps, 'a'), step(steps, 'b'), step(steps, 'c'), answer(steps)])).get('/x');
    expect(res.text).toBe('a,b,c');
  });

  it('goes on when next() is given a falsy value, as the router does', async () => {
    const res = await request(appWith((steps) => [(_req, _res, next) => next(false), step(steps, 'b'), answer(steps)])).get('/x');
    expect(res.text).toBe('b');
  });

  it('stops at next(error) and hands the error to the error handler, running nothing after it', async () => {
    const after = jest.fn((_req, res) => void res.send('ran'));
    const res = await request(appWith((steps) => [step(steps, 'a'), (_req, _res, next) => next(new Error('refused')), after])).get('/x');
    expect(res.status).toBe(500);
    expect(res.text).toBe('error: refused');
    expect(after).not.toHaveBeenCalled();
  });

  it('hands an error thrown by a middleware after the first to the error handler', async () => {
    const res = await request(appWith((steps) => [step(steps, 'a'), throws])).get('/x');
    expect([res.status, res.text]).toEqual([500, 'error: thrown']);
  });

  it('hands the error of a middleware that throws after the previous one went on from a callback (not an uncaught exception)', async () => {
    const later: RequestHandler = (_req, _res, next) => void setImmediate(next);
    const res = await request(appWith(() => [later, throws])).get('/x');
    expect([res.status, res.text]).toEqual([500, 'error: thrown']);
  });

  it('hands an async middleware’s rejection to the error handler, and a falsy rejection as an Error', async () => {
    const rejects: RequestHandler = async () => {
      await Promise.resolve();
      throw new Error('rejected');
    };
    const rejected = await request(appWith((steps) => [step(steps, 'a'), rejects, answer(steps)])).get('/x');
    expect([rejected.status, rejected.text]).toEqual([500, 'error: rejected']);
    const rejectsFalse: RequestHandler = () => Promise.reject(false);
    const falsy = await request(appWith((steps) => [step(steps, 'a'), rejectsFalse, answer(steps)])).get('/x');
    expect([falsy.status, falsy.text]).toEqual([500, 'error: Rejected promise']);
  });

  it('leaves the route on next("route") and the router on next("router"), as Express does', async () => {
    const route = await request(appWith((steps) => [(_req, _res, next) => next('route'), answer(steps)])).get('/x');
    expect(route.text).toBe('next route');
    const router = await request(appWith((steps) => [step(steps, 'a'), (_req, _res, next) => next('router'), answer(steps)])).get('/x');
    expect(router.text).toBe('router left');
  });

  it('lets an async middleware call next() once its work is done', async () => {
    const slow =
      (steps: string[]): RequestHandler =>
      async (_req, _res, next) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        steps.push('slow');
        next();
      };
    const res = await request(appWith((steps) => [slow(steps), step(steps, 'b'), answer(steps)])).get('/x');
    expect(res.text).toBe('slow,b');
  });

  it('refuses an error handler in the chain when it is built', () => {
    const onError: ErrorRequestHandler = (_error, _req, _res, next) => next();
    expect(() => chain([step([], 'a'), onError as unknown as RequestHandler])).toThrow(/error handler/);
  });
});
