import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(path.join(dir, entry.name)) : /\.(ts|mjs|js)$/.test(entry.name) ? [path.join(dir, entry.name)] : [],
  );
}

const importsOf = (file: string) => [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);

/** The arrows point one way: client -> common -> the generated contract; nothing in client/ or common/ reaches into server/. */
describe('layering', () => {
  it.each(['client/src', 'client/gateway', 'common'])('%s imports nothing from server/', (dir) => {
    for (const file of sources(dir)) {
      const offending = importsOf(file).filter((spec) => spec.includes('server/'));
      expect({ file, offending }).toEqual({ file, offending: [] });
    }
  });

  it('common/ imports nothing from client/ and only cockatiel from outside the repository', () => {
    for (const file of sources('common')) {
      const offending = importsOf(file).filter((spec) => spec.includes('client/') || (!spec.startsWith('.') && spec !== 'cockatiel'));
      expect({ file, offending }).toEqual({ file, offending: [] });
    }
  });

  it('the client and the provider adapter retry through the one shared policy, with no loop of their own', () => {
    for (const file of ['client/src/index.ts', 'server/src/enrichment/sources/provider.ts']) {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      expect(text).toContain('common/resilience');
      expect(text).not.toMatch(/for \(let \w+ = 0; ; /);
    }
  });
});
