import { createResiliencePolicy, isBrokenCircuit, parseRetryAfter, retryDelayMs, type RetryHint } from '../../../../common/resilience';
import type { FieldName } from '../fields';
import { CONFIDENCE, roundConfidence } from '../confidence';
import { SourceUnavailableError, type FoundValue, type Source, type SourceFindings } from '../engine';
import type { Identifiers } from '../identifiers';

/** The provider's HTTP call through the guarded outbound path. */
export type ProviderRequest = (url: string, init: { headers: Record<string, string>; signal: AbortSignal }) => Promise<{ status: number; headers: Record<string, string[]>; body: string; url: string }>;

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
}

class TransientProviderError extends Error implements RetryHint {
  retryInMs?: number | undefined;
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
  // The retry-and-breaker policy the client uses too (common/resilience.ts).
  const policy = createResiliencePolicy({
    retries,
    breaker: { failures: options.breaker?.failures ?? 5, openMs: options.breaker?.openMs ?? 30_000 },
    opensBreaker: (error) => error instanceof TransientProviderError,
  });

  async function call(email: string, signal: AbortSignal, attempt: number): Promise<{ status: number; body: string }> {
    const url = `${options.baseUrl.replace(/\/$/, '')}/v5/person/enrich?email=${encodeURIComponent(email)}`;
    let response;
    try {
      response = await options.request(url, { headers: { 'X-Api-Key': options.apiKey, accept: 'application/json' }, signal });
    } catch (error) {
      // The deadline, or the outbound guard refusing (a cross-origin redirect, a private address): not worth a retry.
      if (signal.aborted || (error as Error).name === 'OutboundRefused') throw error;
      throw retryable(new TransientProviderError(`network: ${(error as Error).message}`), attempt);
    }
    if (response.status === 429 || (response.status >= 500 && response.status !== 501)) {
      throw retryable(new TransientProviderError(`status ${response.status}`, parseRetryAfter(response.headers['retry-after']?.[0])), attempt);
    }
    return { status: response.status, body: response.body };
  }

  /** Asks the policy for another attempt after the server's Retry-After or a jittered backoff (the engine's deadline still bounds it). */
  function retryable(error: TransientProviderError, attempt: number): TransientProviderError {
    if (attempt < retries) error.retryInMs = retryDelayMs({ attempt, retryAfterMs: error.retryAfterMs, random, maxDelayMs: 30_000 });
    return error;
  }

  return {
    name: 'provider',
    entity: 'person',
    provides: ['first_name', 'last_name', 'title', 'company_name', 'industry', 'company_size', 'city', 'state', 'country', 'zip_code', 'location', 'linkedin_url', 'phone', 'personal_email', 'business_email', 'seniority', 'department'],
    async lookup(identifiers: Identifiers, _wanted, signal) {
      if (identifiers.email === undefined) return {};
      let answer;
      try {
        answer = await policy.execute(({ attempt }) => call(identifiers.email!.address, signal, attempt), signal);
      } catch (error) {
        if (isBrokenCircuit(error)) throw new SourceUnavailableError('circuit open after repeated failures');
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
      const likelihood = typeof parsed.likelihood === 'number' ? Math.min(10, Math.max(1, parsed.likelihood)) : CONFIDENCE.provider.defaultLikelihood;
      const confidence = roundConfidence(likelihood * CONFIDENCE.provider.perLikelihoodPoint);
      const fetchedAt = options.now();
      const findings: SourceFindings = {};
      for (const [field, value] of Object.entries(mapPerson(parsed.data as Record<string, unknown>))) {
        findings[field as FieldName] = { value, confidence, fetchedAt, matchedOn: 'email' } satisfies FoundValue;
      }
      return findings;
    },
  };
}
