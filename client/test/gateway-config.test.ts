import { GatewayConfigError, parseGatewayConfig } from '../gateway/config';

const base = { ENRICH_API_URL: 'http://127.0.0.1:8080', ENRICH_API_KEY: 'enr_test_key' };

describe('the gateway configuration (environment, parsed once)', () => {
  it('has the documented defaults', () => {
    expect(parseGatewayConfig(base)).toMatchObject({ port: 3000, budgetMs: 2000, retries: 2, fallback: 'auto', corsOrigins: [], realPercent: 100, mockUrl: undefined, studioDir: undefined, uploadLimitBytes: 200 * 1024 * 1024, upstreamConnections: 64 });
    expect(parseGatewayConfig({ ...base, GATEWAY_STUDIO_DIR: '/srv/studio', GATEWAY_UPLOAD_LIMIT_MB: '5' })).toMatchObject({ studioDir: '/srv/studio', uploadLimitBytes: 5 * 1024 * 1024 });
  });

  it('reads CORS origins, the rollout share and the fallback policy', () => {
    const config = parseGatewayConfig({ ...base, GATEWAY_CORS_ORIGINS: 'https://app.example.com, http://localhost:5173', GATEWAY_REAL_PERCENT: '25', GATEWAY_FALLBACK: 'never', ENRICH_BUDGET_MS: '1500' });
    expect(config).toMatchObject({ corsOrigins: ['https://app.example.com', 'http://localhost:5173'], realPercent: 25, fallback: 'never', budgetMs: 1500 });
  });

  it.each([
    [{ ENRICH_API_KEY: 'k' }, /ENRICH_API_URL is required/],
    [{ ...base, GATEWAY_REAL_PERCENT: '120' }, /GATEWAY_REAL_PERCENT: expected an integer from 0 to 100/],
    [{ ...base, GATEWAY_CORS_ORIGINS: '*' }, /GATEWAY_CORS_ORIGINS: expected comma-separated origins/],
    [{ ...base, GATEWAY_FALLBACK: 'sometimes' }, /GATEWAY_FALLBACK: expected auto or never/],
    [{ ...base, ENRICH_BUDGET_MS: 'soon' }, /ENRICH_BUDGET_MS/],
    [{ ...base, GATEWAY_UPLOAD_LIMIT_MB: '0' }, /GATEWAY_UPLOAD_LIMIT_MB: expected an integer from 1/],
  ])('refuses a bad value, naming the variable (%#)', (env, message) => {
    expect(() => parseGatewayConfig(env)).toThrow(GatewayConfigError);
    expect(() => parseGatewayConfig(env)).toThrow(message);
  });
});
