import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import request from 'supertest';
import { chain } from '../../common/chain';

/** An app whose one route runs `handlers` through chain(); errors answer 500 with their message, and a route after it answers "next route". */
function appWith(handlers: RequestHandler[]) {
  const app = express();
  app.get('/x', chain(handlers));
  app.get('/x', (_req, res) => void res.send('next route'));
  const onError: ErrorRequestHandler = (error: Error, _req, res, _next) => void res.status(500).send(`error: ${error.message}`);
  app.use(onError);
  return app;
}

const step =
  (name: string): RequestHandler =>
  (_req, res, next) => {
    res.locals.seen = [...((res.locals.seen as string[] | undefined) ?? []), name];
    next();
  };
const answer: RequestHandler = (_req, res) => void res.send((res.locals.seen as string[]).join(','));

describe('chain: a route’s middlewares run as one router layer, with the router’s semantics', () => {
  it('runs the middlewares in order, each after the previous one called next()', async () => {
    const res = await request(appWith([step('a'), step('b'), step('c'), answer])).get('/x');
    expect(res.text).toBe('a,b,c');
  });

  it('stops at next(error) and hands the error to the error handler, running nothing after it', async () => {
    const after = jest.fn(answer);
    const res = await request(appWith([step('a'), (_req, _res, next) => next(new Error('refused')), after])).get('/x');
    expect(res.status).toBe(500);
    expect(res.text).toBe('error: refused');
    expect(after).not.toHaveBeenCalled();
  });

  it('hands a thrown error and an async middleware’s rejection to the error handler', async () => {
    const throws: RequestHandler = () => {
      throw new Error('thrown');
    };
    const rejects: RequestHandler = async () => {
      await Promise.resolve();
      throw new Error('rejected');
    };
    const thrown = await request(appWith([throws])).get('/x');
    expect(thrown.text).toBe('error: thrown');
    const rejected = await request(appWith([step('a'), rejects, answer])).get('/x');
    expect(rejected.text).toBe('error: rejected');
  });

  it('leaves the route on next("route"), as Express does', async () => {
    const res = await request(appWith([(_req, _res, next) => next('route'), answer])).get('/x');
    expect(res.text).toBe('next route');
  });

  it('lets an async middleware call next() once its work is done', async () => {
    const slow: RequestHandler = async (_req, res, next) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      res.locals.seen = ['slow'];
      next();
    };
    const res = await request(appWith([slow, step('b'), answer])).get('/x');
    expect(res.text).toBe('slow,b');
  });
});
