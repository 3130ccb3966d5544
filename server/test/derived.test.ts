import { createDerivedSource } from '../src/enrichment/sources/derived';
import { namesFromLocalPart } from '../src/enrichment/names';
import { normaliseIdentifiers } from '../src/enrichment/identifiers';

describe('namesFromLocalPart', () => {
  it.each([
    ['jane.doe', { first: 'Jane', last: 'Doe', confidence: 0.7 }],
    ['jane_doe', { first: 'Jane', last: 'Doe', confidence: 0.7 }],
    ['mary-jane.smith-jones', { first: 'Mary-Jane', last: 'Smith-Jones', confidence: 0.7 }],
    ['jürgen.müller', { first: 'Jürgen', last: 'Müller', confidence: 0.7 }],
    ['oliver', { first: 'Oliver', confidence: 0.4 }],
  ])('%s', (local, expected) => {
    expect(namesFromLocalPart(local)).toEqual(expected);
  });

  it.each(['info', 'sales', 'noreply', 'jdoe42', 'j.d', 'a.b.c', 'jo'])('gives no names for %s', (local) => {
    expect(namesFromLocalPart(local)).toBeNull();
  });
});

describe('derived source', () => {
  const now = new Date('2026-11-29T10:00:00Z');
  const source = createDerivedSource({ isFreeMailbox: (host) => host === 'gmail.com', isDisposableMailbox: (host) => host === 'mailinator.com', now: () => now });
  const signal = new AbortController().signal;

  it('files a free-mail address as personal and a company address as business', async () => {
    const personal = await source.lookup(normaliseIdentifiers({ email: 'jane.doe@gmail.com' }), source.provides, signal, {});
    expect(personal.personal_email).toEqual({ value: 'jane.doe@gmail.com', confidence: 0.95, fetchedAt: now, matchedOn: 'email' });
    expect(personal.business_email).toBeUndefined();
    const business = await source.lookup(normaliseIdentifiers({ email: 'jane.doe@acme.io' }), source.provides, signal, {});
    expect(business.business_email?.value).toBe('jane.doe@acme.io');
    expect(business.personal_email).toBeUndefined();
  });

  it('gives nothing for a disposable mailbox', async () => {
    expect(await source.lookup(normaliseIdentifiers({ email: 'jane.doe@mailinator.com' }), source.provides, signal, {})).toEqual({});
  });

  it('derives seniority and department from a title an earlier source found', async () => {
    const found = await source.lookup(normaliseIdentifiers({ domain: 'acme.io' }), ['seniority', 'department'], signal, { title: 'VP Marketing' });
    expect(found.seniority).toMatchObject({ value: 'VP', confidence: 0.8 });
    expect(found.department).toMatchObject({ value: 'Marketing', confidence: 0.75 });
  });

  it('finds nothing without an email', async () => {
    expect(await source.lookup(normaliseIdentifiers({ domain: 'acme.io' }), source.provides, signal, {})).toEqual({});
  });
});
