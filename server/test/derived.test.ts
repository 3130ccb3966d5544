import { createDeriveStage } from '../src/enrichment/sources/derived';
import type { FoundValue } from '../src/enrichment/engine';
import type { FieldName } from '../src/enrichment/fields';
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

describe('derive stage', () => {
  const now = new Date('2026-11-29T10:00:00Z');
  const derive = createDeriveStage({ isFreeMailbox: (host) => host === 'gmail.com', isDisposableMailbox: (host) => host === 'mailinator.com', now: () => now });
  const found = (value: string, confidence: number): FoundValue => ({ value, confidence, fetchedAt: now, matchedOn: 'email' });
  const merged = (values: Partial<Record<FieldName, FoundValue>>) => new Map(Object.entries(values) as Array<[FieldName, FoundValue]>);

  it('files a free-mail address as personal and a company address as business', () => {
    const personal = derive(normaliseIdentifiers({ email: 'jane.doe@gmail.com' }), merged({}));
    expect(personal.personal_email).toEqual({ value: 'jane.doe@gmail.com', confidence: 0.95, fetchedAt: now, matchedOn: 'email' });
    expect(personal.business_email).toBeUndefined();
    const business = derive(normaliseIdentifiers({ email: 'jane.doe@acme.io' }), merged({}));
    expect(business.business_email).toMatchObject({ value: 'jane.doe@acme.io', confidence: 0.9 });
    expect(business.personal_email).toBeUndefined();
    expect(derive(normaliseIdentifiers({ email: 'info@acme.io' }), merged({})).business_email).toMatchObject({ confidence: 0.5 });
  });

  it('gives nothing for a disposable mailbox', () => {
    expect(derive(normaliseIdentifiers({ email: 'jane.doe@mailinator.com' }), merged({}))).toEqual({});
  });

  it('derives seniority and department from the merged title, never more confident than the title', () => {
    const out = derive(normaliseIdentifiers({ domain: 'acme.io' }), merged({ title: found('VP Marketing', 0.9) }));
    expect(out.seniority).toMatchObject({ value: 'VP', confidence: 0.77 });
    expect(out.department).toMatchObject({ value: 'Marketing', confidence: 0.72 });
    expect(derive(normaliseIdentifiers({ domain: 'acme.io' }), merged({ title: found('Chief Executive Officer', 0.5) })).seniority).toMatchObject({ value: 'C-level', confidence: 0.43 });
  });

  it('takes names from the email only when no source gave them', () => {
    const ids = normaliseIdentifiers({ email: 'jane.doe@acme.io' });
    expect(derive(ids, merged({})).first_name).toMatchObject({ value: 'Jane', confidence: 0.7 });
    expect(derive(ids, merged({})).last_name).toMatchObject({ value: 'Doe', confidence: 0.7 });
    const withStore = derive(ids, merged({ first_name: found('Janet', 0.3) }));
    expect(withStore.first_name).toBeUndefined();
    expect(withStore.last_name).toMatchObject({ value: 'Doe' });
    expect(derive(normaliseIdentifiers({ email: 'jane@acme.io' }), merged({})).first_name).toMatchObject({ value: 'Jane', confidence: 0.4 });
  });

  it('composes location from city, state and country, at the confidence of the least sure part', () => {
    const out = derive(normaliseIdentifiers({ domain: 'acme.io' }), merged({ city: found('Berlin', 0.8), country: found('Germany', 0.9) }));
    expect(out.location).toMatchObject({ value: 'Berlin, Germany', confidence: 0.76 });
  });

  it('splits a location into city, state and country when those are unknown', () => {
    const three = derive(normaliseIdentifiers({ domain: 'acme.io' }), merged({ location: found('Austin, TX, United States', 0.9) }));
    expect(three.city?.value).toBe('Austin');
    expect(three.state?.value).toBe('TX');
    expect(three.country).toMatchObject({ value: 'United States', confidence: 0.86 });
    const two = derive(normaliseIdentifiers({ domain: 'acme.io' }), merged({ location: found('Paris, France', 0.9), city: found('Lyon', 0.9) }));
    expect(two.city).toBeUndefined();
    expect(two.country?.value).toBe('France');
    expect(derive(normaliseIdentifiers({ domain: 'acme.io' }), merged({ location: found('Europe', 0.9) })).country).toBeUndefined();
  });

  it('finds nothing without an email or merged values', () => {
    expect(derive(normaliseIdentifiers({ domain: 'acme.io' }), merged({}))).toEqual({});
  });
});
