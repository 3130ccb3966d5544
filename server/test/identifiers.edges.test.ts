/**
 * Edges of identifier normalisation that `make mutation` found untested: what a caller sends and the
 * key it must (or must not) reach. Written against the public functions so they hold across rewrites.
 */
import { companyNameKey, emailKey, nameSimilarity, normaliseEmail, normaliseIdentifiers, registrableDomain } from '../src/enrichment/identifiers';

describe('registrableDomain edges', () => {
  it.each(['acme.internal', 'printer.local', 'intranet.corp'])('has none for %s, whose suffix is not a public one', (input) => {
    expect(registrableDomain(input)).toBeNull();
  });

  it('takes the host of a URL even when its path holds an email address', () => {
    expect(registrableDomain('https://acme.io/contact/jane@example.com')).toBe('acme.io');
  });

  it('takes the ICANN registrable domain of a host on a shared platform (its private suffix is ignored)', () => {
    expect(registrableDomain('jane.github.io')).toBe('github.io');
  });
});

describe('normaliseEmail edges', () => {
  it('splits an address without a tag into its local part and host', () => {
    expect(normaliseEmail('Jane.Doe@Acme.io')).toEqual({ address: 'jane.doe@acme.io', local: 'jane.doe', host: 'acme.io', domain: 'acme.io', key: 'jane.doe@acme.io' });
  });

  it('gives the same key to every spelling of one Gmail mailbox, and different keys to different mailboxes', () => {
    const keys = ['JaneDoe@gmail.com', 'jane.doe+x@googlemail.com', ' j.a.n.e.d.o.e@Gmail.com '].map(emailKey);
    expect(new Set(keys)).toEqual(new Set(['janedoe@gmail.com']));
    expect(emailKey('jane.doe@outlook.com')).not.toBe(emailKey('janedoe@outlook.com'));
  });
});

describe('companyNameKey edges', () => {
  it.each([
    ['Acme&Sons', 'acme sons'],
    ['Acme.Analytics', 'acme analytics'],
    ['Nestlé S.A', 'nestle'],
    ['Philips B.V', 'philips'],
    ['Acme G.m.b.H.', 'acme'],
    ['The', 'the'],
    ['The Acme', 'acme'],
    ['Acme -- Analytics', 'acme analytics'],
  ])('%s -> %s', (input, expected) => {
    expect(companyNameKey(input)).toBe(expected);
  });

  it.each(['...', '', '   ', '& and &'])('has none for %j', (input) => {
    expect(companyNameKey(input)).toBeNull();
  });
});

describe('nameSimilarity edges', () => {
  it('is 0, not NaN, when both names have no words', () => {
    expect(nameSimilarity([], [])).toBe(0);
  });

  it('counts a repeated word once', () => {
    expect(nameSimilarity(['acme', 'acme', 'analytics'], ['acme', 'analytics'])).toBe(1);
  });
});

describe('normaliseIdentifiers edges', () => {
  it('normalises every identifier sent', () => {
    expect(normaliseIdentifiers({ email: ' Jane.Doe+crm@Acme.io', domain: 'https://www.Acme.io/about', company_name: ' Acme  Analytics, Inc. ' })).toEqual({
      email: { address: 'jane.doe+crm@acme.io', local: 'jane.doe', host: 'acme.io', domain: 'acme.io', key: 'jane.doe@acme.io' },
      domain: 'acme.io',
      companyName: 'Acme Analytics, Inc.',
      companyNameKey: 'acme analytics',
    });
  });

  it('leaves out identifiers that were not sent', () => {
    expect(normaliseIdentifiers({})).toEqual({});
    expect(normaliseIdentifiers({ domain: 'acme.io' })).toEqual({ domain: 'acme.io' });
  });
});
