// Type-level guarantees of the client; checked by `npm run lint:ts` (tsc), not run by jest.
import { createEnrichClient } from '../src';

const client = createEnrichClient({ baseUrl: 'http://localhost:8080', apiKey: 'k' });

export async function narrowsToRequestedFields(): Promise<void> {
  const outcome = await client.enrich({ email: 'jane.doe@acme.io', enrich: ['first_name', 'industry'] });
  if (outcome.kind === 'invalid') {
    const pointers: string[] = outcome.errors.map((e) => e.pointer);
    void pointers;
    return;
  }
  const first: string | null = outcome.data.first_name;
  const industry: string | null = outcome.data.industry;
  void first;
  void industry;
  // @ts-expect-error `title` was not requested, so it is not in the answer's type
  void outcome.data.title;
  if (outcome.kind === 'mock') {
    const reason: 'api_4xx' | 'api_5xx' | 'network' | 'timeout' | 'rate_limited' | 'circuit_open' = outcome.meta.mock_reason;
    void reason;
  }
}

export async function allFieldsWhenNoneNamed(): Promise<void> {
  const outcome = await client.enrich({ domain: 'acme.io' });
  if (outcome.kind !== 'invalid') void outcome.data.technologies;
}

export async function refusesBadRequestsAtCompileTime(): Promise<void> {
  // @ts-expect-error at least one identifier is required
  await client.enrich({ enrich: ['first_name'] });
  // @ts-expect-error field names come from the contract
  await client.enrich({ email: 'a@b.io', enrich: ['shoe_size'] });
  // @ts-expect-error a non-invalid outcome has data; `invalid` has none
  const outcome = await client.enrich({ email: 'a@b.io' }); void outcome.data;
}
