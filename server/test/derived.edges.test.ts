/** The derive stage's names, email kind and title rules at their edges (found untested by `make mutation`). */
import type { FoundValue } from '../src/enrichment/engine';
import type { FieldName } from '../src/enrichment/fields';
import { createDeriveStage } from '../src/enrichment/sources/derived';
import { normaliseIdentifiers } from '../src/enrichment/identifiers';

const now = new Date('2026-11-29T10:00:00Z');
const derive = createDeriveStage({ isFreeMailbox: (host) => host === 'gmail.com', isDisposableMailbox: () => false, now: () => now });
const lookup = async (email: string | undefined, known: Partial<Record<FieldName, string>> = {}) => {
  const merged = new Map<FieldName, FoundValue>(
    (Object.entries(known) as Array<[FieldName, string]>).map(([field, value]) => [field, { value, confidence: 1, fetchedAt: now, matchedOn: 'email' }]),
  );
  return derive(normaliseIdentifiers(email === undefined ? { domain: 'acme.io' } : { email }), merged);
};

describe('derived source edges', () => {
  it('names a person from a first.last address, and only the first name from a lone name', async () => {
    const both = await lookup('jane.doe@acme.io');
    expect([both.first_name?.value, both.last_name?.value, both.first_name?.confidence]).toEqual(['Jane', 'Doe', 0.7]);
    const first = await lookup('oliver@acme.io');
    expect([first.first_name?.value, first.first_name?.confidence]).toEqual(['Oliver', 0.4]);
    expect(first.last_name).toBeUndefined();
  });

  it('names nobody from a role mailbox, whose business address is less certain to be a person’s', async () => {
    const role = await lookup('info@acme.io');
    expect(role.first_name).toBeUndefined();
    expect(role.last_name).toBeUndefined();
    const person = await lookup('jane.doe@acme.io');
    expect(role.business_email!.confidence).toBeLessThan(person.business_email!.confidence);
  });

  it('calls no address business when its host has no registrable domain', async () => {
    const found = await lookup('jane.doe@localhost');
    expect(found.business_email).toBeUndefined();
    expect(found.personal_email).toBeUndefined();
  });

  it('derives nothing from a title that names no seniority or department', async () => {
    expect(await lookup(undefined, { title: 'Wizard' })).toEqual({});
    const onlySeniority = await lookup(undefined, { title: 'Senior Wizard' });
    expect(onlySeniority.seniority?.value).toBe('Senior');
    expect(onlySeniority.department).toBeUndefined();
  });

  it('says which identifier a value derived from a title was found on', async () => {
    const found = await lookup('jane.doe@acme.io', { title: 'VP Marketing' });
    expect(['email', 'domain', 'company_name']).toContain(found.seniority?.matchedOn);
    expect(['email', 'domain', 'company_name']).toContain(found.department?.matchedOn);
  });
});

describe('derived location and names edges', () => {
  it('composes a location from a city or a country alone, but not from a state alone', async () => {
    expect((await lookup(undefined, { city: 'Berlin' })).location?.value).toBe('Berlin');
    expect((await lookup(undefined, { country: 'Germany' })).location?.value).toBe('Germany');
    expect((await lookup(undefined, { state: 'TX' })).location).toBeUndefined();
  });

  it('composes no location when a source found one, and splits that one instead', async () => {
    const found = await lookup(undefined, { location: 'Austin, TX, United States', city: 'Austin' });
    expect(found.location).toBeUndefined();
    expect([found.city, found.state?.value, found.country?.value]).toEqual([undefined, 'TX', 'United States']);
  });

  it('splits a location with an empty part into the parts it has', async () => {
    const found = await lookup(undefined, { location: 'Paris, , France' });
    expect([found.city?.value, found.state, found.country?.value]).toEqual(['Paris', undefined, 'France']);
  });

  it('takes no last name from the email when a source gave one', async () => {
    const found = await lookup('jane.doe@acme.io', { last_name: 'Doe-Smith' });
    expect(found.last_name).toBeUndefined();
    expect(found.first_name?.value).toBe('Jane');
  });
});
