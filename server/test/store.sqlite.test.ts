import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/store/db';
import { storeSuite } from './storeSuite';

describe('store on SQLite (a real file)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'enrich-sqlite-'));
  let n = 0;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  storeSuite(
    async () => openDatabase(`sqlite:${path.join(dir, `store-${(n += 1)}.db`)}`),
    async (store) => store.close(),
  );
});
