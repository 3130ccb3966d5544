// Type-level guarantees of the client; checked by `npm run lint:ts` (tsc, also under
// exactOptionalPropertyTypes via client/tsconfig.strict.json), not run by jest.
import { createEnrichClient, type EnrichOutcome, type UpstreamProblem } from '../src';

const client = createEnrichClient({ baseUrl: 'http://localhost:8080', apiKey: 'k' });

export async function narrowsToRequestedFields(): Promise<void> {
  const outcome = await client.enrich({ email: 'jane.doe@acme.io', enrich: ['first_name', 'industry'] });
  if (outcome.kind === 'invalid') {
    const pointers: string[] = outcome.errors.map((e) => e.pointer);
    void pointers;
    return;
  }
  if (outcome.kind === 'error') {
    const status: number | undefined = outcome.problem?.status;
    void status;
    return;
  }
  const first: string | null = outcome.data.first_name;
  const industry: string | null = outcome.data.industry;
  void first;
  void industry;
  // @ts-expect-error `title` was not requested, so it is not in the answer's type
  void outcome.data.title;
  if (outcome.kind === 'mock') {
    const reason: 'api_4xx' | 'api_5xx' | 'network' | 'timeout' | 'rate_limited' | 'circuit_open' | 'invalid_response' | 'rollout' = outcome.meta.mock_reason;
    const problem: UpstreamProblem | undefined = outcome.problem;
    const retryAfter: number | undefined = problem?.retry_after;
    void reason;
    void retryAfter;
  }
}

export async function allFieldsWhenNoneNamed(): Promise<void> {
  const outcome = await client.enrich({ domain: 'acme.io' });
  if (outcome.kind === 'real' || outcome.kind === 'mock') void outcome.data.technologies;
}

export async function acceptsReadonlyFieldLists(): Promise<void> {
  const wanted = ['first_name', 'title'] as const;
  const outcome = await client.enrich({ email: 'jane.doe@acme.io', enrich: wanted });
  if (outcome.kind === 'real') {
    const title: string | null = outcome.data.title;
    void title;
    // @ts-expect-error only the readonly list's fields are in the answer
    void outcome.data.industry;
  }
  const person = await client.person({ email: 'jane.doe@acme.io', enrich: ['first_name'] });
  const company = await client.company({ domain: 'acme.io', enrich: ['industry'] });
  if (person.kind === 'real' && company.kind === 'real') void [person.data.first_name, company.data.industry];
}

/** The README's Next.js route handler shape: values that may be undefined, under exactOptionalPropertyTypes. */
export async function readmeRouteHandler(params: { email?: string; accountId?: string }, signal: AbortSignal): Promise<EnrichOutcome> {
  const api = createEnrichClient({ baseUrl: 'http://localhost:8080', apiKey: 'k', mockUrl: process.env['ENRICH_MOCK_URL'], fallback: 'never' });
  if (params.email === undefined) throw new Error('email is required');
  return api.enrich({ email: params.email, domain: undefined }, { accountId: params.accountId, signal, budgetMs: 1500 });
}

export async function refusesBadRequestsAtCompileTime(): Promise<void> {
  // @ts-expect-error at least one identifier is required
  await client.enrich({ enrich: ['first_name'] });
  // @ts-expect-error field names come from the contract
  await client.enrich({ email: 'a@b.io', enrich: ['shoe_size'] });
  // @ts-expect-error a non-invalid outcome has data; `invalid` and `error` have none
  const outcome = await client.enrich({ email: 'a@b.io' }); void outcome.data;
  // @ts-expect-error the fallback policy names failure reasons
  createEnrichClient({ baseUrl: 'http://localhost:8080', apiKey: 'k', fallback: ['sometimes'] });
}
