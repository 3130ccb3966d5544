import { ConfigError, loadConfig, parseRateLimits } from '../src/config';

describe('loadConfig', () => {
  it('has sane defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ env: 'development', port: 8080, deadlineMs: 1500, validateResponses: true, apiKeys: [] });
    expect(config.rateLimits).toEqual([
      { name: 'minute', limit: 100, seconds: 60 },
      { name: 'hour', limit: 1000, seconds: 3600 },
      { name: 'day', limit: 10000, seconds: 86400 },
    ]);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('turns response validation off in production unless asked for', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).validateResponses).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', VALIDATE_RESPONSES: 'on' }).validateResponses).toBe(true);
  });

  it.each([
    ['PORT', 'eighty', /^PORT: expected an integer from 0 to 65535, got "eighty"$/],
    ['PORT', '70000', /^PORT: expected an integer/],
    ['ENRICH_DEADLINE_MS', '10', /^ENRICH_DEADLINE_MS: expected an integer from 100 to 5000/],
    ['LOG_LEVEL', 'loud', /^LOG_LEVEL: expected one of error, warn, info, http, debug/],
    ['RATE_LIMITS', '100 per minute', /^RATE_LIMITS: expected a list like 100\/m,1000\/h,10000\/d/],
    ['RATE_LIMITS', '1/m,2/m', /^RATE_LIMITS: .*each window once/],
    ['VALIDATE_RESPONSES', 'maybe', /^VALIDATE_RESPONSES: expected on or off/],
    ['ENRICH_API_KEYS', 'acme', /^ENRICH_API_KEYS: expected a list of tenant:key pairs/],
    ['ENRICH_API_KEYS', 'acme:short', /^ENRICH_API_KEYS: .*got "acme:<hidden>"$/],
    ['BATCH_MAX_ROWS_PER_S', '50', /^BATCH_MAX_ROWS_PER_S: expected 0 \(no cap\) without REDIS_URL/],
  ])('names %s when it is %p', (variable, value, message) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(message);
  });

  it('caps batch rows per second only where Redis shares the cap', () => {
    expect(loadConfig({}).batchMaxRowsPerS).toBe(0);
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', BATCH_MAX_ROWS_PER_S: '50' }).batchMaxRowsPerS).toBe(50);
  });

  it('never repeats a key in its error message', () => {
    expect(() => loadConfig({ ENRICH_API_KEYS: 'acme:tiny-secret' })).not.toThrow(/tiny-secret/);
  });

  it('parses tenant:key pairs', () => {
    expect(loadConfig({ ENRICH_API_KEYS: 'acme:0123456789abcdef, globex:fedcba9876543210' }).apiKeys).toEqual([
      { tenant: 'acme', key: '0123456789abcdef' },
      { tenant: 'globex', key: 'fedcba9876543210' },
    ]);
  });
});

describe('parseRateLimits', () => {
  it('reads counts before the unit and orders windows by length', () => {
    expect(parseRateLimits('1000/d, 5/10s,60/m')).toEqual([
      { name: '10s', limit: 5, seconds: 10 },
      { name: 'minute', limit: 60, seconds: 60 },
      { name: 'day', limit: 1000, seconds: 86400 },
    ]);
  });
});
