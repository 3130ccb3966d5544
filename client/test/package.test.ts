import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const CLIENT = path.resolve(__dirname, '..');

describe('the publishable client package (client/build.mjs)', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(CLIENT, 'build.mjs')], { stdio: 'pipe' });
  }, 60_000);

  it('is one ESM file with no Node-only imports, so browsers can use it', () => {
    const bundle = readFileSync(path.join(CLIENT, 'dist/index.mjs'), 'utf8');
    expect(bundle).toMatch(/export\s*\{[^}]*createEnrichClient/);
    expect(bundle).not.toMatch(/from\s*["']node:|require\(["'](fs|net|http|crypto|node:)/);
    const imports = [...bundle.matchAll(/^import .* from ["']([^"']+)["'];?$/gm)].map((m) => m[1]).sort();
    expect(imports).toEqual(['ajv', 'ajv-formats', 'cockatiel', 'openapi-fetch']);
  });

  it('works when imported as ESM: validation and the compiled-persona fallback', () => {
    const script = `
      const { createEnrichClient } = await import(${JSON.stringify(path.join(CLIENT, 'dist/index.mjs'))});
      const client = createEnrichClient({ baseUrl: 'http://127.0.0.1:9', apiKey: 'k', retries: 0 });
      const mock = await client.enrich({ email: 'jane.doe@acme.io', enrich: ['first_name'] });
      const invalid = await client.enrich({});
      console.log(JSON.stringify([mock.kind, mock.data.first_name, mock.meta.mock_reason, invalid.kind]));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(['mock', 'Jane', 'network', 'invalid']);
  });

  it('ships its declarations', () => {
    const types = readFileSync(path.join(CLIENT, 'dist/types/client/src/index.d.ts'), 'utf8');
    expect(types).toContain('export declare function createEnrichClient');
  });
});
