import { BrokenCircuitError, ConsecutiveBreaker, circuitBreaker, handleWhen } from 'cockatiel';
import type { FieldName } from '../fields';
import { SourceUnavailableError, type FoundValue, type Source, type SourceFindings } from '../engine';
import type { Identifiers } from '../identifiers';
import type { PageFetcher } from './web';

/** The provider's HTTP call through the guarded outbound path. */
export type ProviderRequest = (url: string, init: { headers: Record<string, string>; signal: AbortSignal }) => ReturnType<PageFetcher>;

export interface ProviderOptions {
  /** Base URL of a People Data Labs-compatible API (`PROVIDER_URL`). */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly request: ProviderRequest;
  readonly now: () => Date;
  readonly retries?: number;
  /** Consecutive failures that open the breaker, and how long it stays open. */
  readonly breaker?: { failures?: number; openMs?: number };
  readonly random?: () => number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

class TransientProviderError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

const SENIORITY: Record<string, string> = { cxo: 'C-level', owner: 'C-level', partner: 'C-level', vp: 'VP', director: 'Director', manager: 'Manager', senior: 'Senior', entry: 'Entry', training: 'Entry', unpaid: 'Entry' };
const DEPARTMENT: Record<string, string> = {
  engineering: 'Engineering', sales: 'Sales', marketing: 'Marketing', finance: 'Finance', human_resources: 'HR', operations: 'Operations',
  legal: 'Legal', product: 'Product', design: 'Design', customer_service: 'Support', research: 'Research', education: 'Education', health: 'Medical',
};

const titleCase = (value: string) => value.replace(/\b\p{L}/gu, (c) => c.toUpperCase());

function sleepFor(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
}

/** Maps a PDL person record onto our fields. Unknown or empty values are left out. */
export function mapPerson(data: Record<string, unknown>): Partial<Record<FieldName, string>> {
  const str = (key: string) => {
    const value = data[key];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const first = (key: string) => {
    const value = data[key];
    return Array.isArray(value) && typeof value[0] === 'string' ? (value[0] as string) : undefined;
  };
  const linkedin = str('linkedin_url');
  const out: Partial<Record<FieldName, string | undefined>> = {
    first_name: str('first_name') && titleCase(str('first_name')!),
    last_name: str('last_name') && titleCase(str('last_name')!),
    title: str('job_title') && titleCase(str('job_title')!),
    company_name: str('job_company_name') && titleCase(str('job_company_name')!),
    industry: str('job_company_industry') && titleCase(str('job_company_industry')!),
    company_size: str('job_company_size'),
    city: str('location_locality') && titleCase(str('location_locality')!),
    state: str('location_region') && titleCase(str('location_region')!),
    country: str('location_country') && titleCase(str('location_country')!),
    zip_code: str('location_postal_code'),
    location: str('location_name') && titleCase(str('location_name')!),
    linkedin_url: linkedin && (linkedin.startsWith('http') ? linkedin : `https://www.${linkedin}`),
    phone: str('mobile_phone') ?? first('phone_numbers'),
    personal_email: first('personal_emails'),
    business_email: str('work_email'),
    seniority: SENIORITY[first('job_title_levels') ?? ''],
    department: DEPARTMENT[str('job_title_role') ?? ''],
  };
  return Object.fromEntries(Object.entries(out).filter(([, value]) => value !== undefined)) as Partial<Record<FieldName, string>>;
}

/**
 * An upstream person-enrichment provider with the People Data Labs person-enrich shape
 * (`GET /v5/person/enrich?email=`, `X-Api-Key`). Transient failures (network, 429, 5xx) are retried
 * with exponential backoff and full jitter, honouring `Retry-After`, within the request deadline; a
 * circuit breaker stops calling it after repeated failures and says so as `unavailable`.
 */
export function createProviderSource(options: ProviderOptions): Source {
  const retries = options.retries ?? 2;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? sleepFor;
  const breaker = circuitBreaker(handleWhen((error) => error instanceof TransientProviderError), {
    halfOpenAfter: options.breaker?.openMs ?? 30_000,
    breaker: new ConsecutiveBreaker(options.breaker?.failures ?? 5),
  });

  async function call(email: string, signal: AbortSignal): Promise<{ status: number; body: string }> {
    const url = `${options.baseUrl.replace(/\/$/, '')}/v5/person/enrich?email=${encodeURIComponent(email)}`;
    let response;
    try {
      response = await options.request(url, { headers: { 'X-Api-Key': options.apiKey, accept: 'application/json' }, signal });
    } catch (error) {
      // The deadline, or the outbound guard refusing (a cross-origin redirect, a private address): not worth a retry.
      if (signal.aborted || (error as Error).name === 'OutboundRefused') throw error;
      throw new TransientProviderError(`network: ${(error as Error).message}`);
    }
    if (response.status === 429 || (response.status >= 500 && response.status !== 501)) {
      const header = response.headers['retry-after']?.[0];
      const seconds = header === undefined ? NaN : Number(header);
      throw new TransientProviderError(`status ${response.status}`, Number.isFinite(seconds) ? seconds * 1000 : undefined);
    }
    return { status: response.status, body: response.body };
  }

  async function withRetries(email: string, signal: AbortSignal) {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await call(email, signal);
      } catch (error) {
        if (!(error instanceof TransientProviderError) || attempt >= retries) throw error;
        await sleep(error.retryAfterMs ?? Math.floor(random() * 100 * 2 ** attempt), signal);
      }
    }
  }

  return {
    name: 'provider',
    provides: ['first_name', 'last_name', 'title', 'company_name', 'industry', 'company_size', 'city', 'state', 'country', 'zip_code', 'location', 'linkedin_url', 'phone', 'personal_email', 'business_email', 'seniority', 'department'],
    async lookup(identifiers: Identifiers, _wanted, signal) {
      if (identifiers.email === undefined) return {};
      let answer;
      try {
        answer = await breaker.execute(() => withRetries(identifiers.email!.address, signal));
      } catch (error) {
        if (error instanceof BrokenCircuitError) throw new SourceUnavailableError('circuit open after repeated failures');
        throw error;
      }
      if (answer.status === 404) return {};
      if (answer.status !== 200) throw new Error(`provider answered ${answer.status}`);
      let parsed: { likelihood?: unknown; data?: unknown };
      try {
        parsed = JSON.parse(answer.body) as typeof parsed;
      } catch {
        throw new Error('provider answered malformed JSON');
      }
      if (!parsed.data || typeof parsed.data !== 'object') throw new Error('provider answer has no data');
      const likelihood = typeof parsed.likelihood === 'number' ? Math.min(10, Math.max(1, parsed.likelihood)) : 5;
      const confidence = Math.round(likelihood * 9) / 100; // 10 -> 0.9: never above operator data
      const fetchedAt = options.now();
      const findings: SourceFindings = {};
      for (const [field, value] of Object.entries(mapPerson(parsed.data as Record<string, unknown>))) {
        findings[field as FieldName] = { value, confidence, fetchedAt, matchedOn: 'email' } satisfies FoundValue;
      }
      return findings;
    },
  };
}
