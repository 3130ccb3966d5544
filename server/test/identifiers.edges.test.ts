/**
 * Edges of identifier normalisation that `make mutation` found untested: what a caller sends and the
 * key it must (or must not) reach. Written against the public functions so they hold across rewrites.
 */
import { companyNameKey, emailKey, isEmailAddress, nameMatch, nameSimilarity, normaliseEmail, normaliseIdentifiers, oneEditApart, registrableDomain } from '../src/enrichment/identifiers';

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

  it('gives a Unicode domain in its punycode form, whatever its case', () => {
    expect(registrableDomain('www.Müller.de')).toBe('xn--mller-kva.de');
    expect(registrableDomain('MÜLLER.DE')).toBe('xn--mller-kva.de');
  });

  it.each(['jane#x@acme.io', 'jane?@acme.io'])('takes the domain of %s, whose local part holds a character a URL would stop at', (input) => {
    expect(registrableDomain(input)).toBe('acme.io');
  });
});

describe('isEmailAddress', () => {
  const local = 'x'.repeat(64);

  it('accepts an address of up to 254 characters and refuses a longer one', () => {
    const longest = `${local}@${'b'.repeat(186)}.io`;
    expect(longest).toHaveLength(254);
    expect(isEmailAddress(longest)).toBe(true);
    expect(isEmailAddress(`${local}@${'b'.repeat(187)}.io`)).toBe(false);
  });

  it('accepts an address with surrounding spaces and refuses what is not an address', () => {
    expect(isEmailAddress('  jane.doe@acme.io ')).toBe(true);
    expect(isEmailAddress('jane.doe.acme.io')).toBe(false);
    expect(isEmailAddress('jane doe@acme.io')).toBe(false);
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

  it('gives one key to a Unicode host and its punycode form', () => {
    expect(emailKey('Jane@Müller.de')).toBe('jane@xn--mller-kva.de');
    expect(emailKey('jane@xn--mller-kva.de')).toBe('jane@xn--mller-kva.de');
  });

  it('keeps the host of an accepted address whose host is no valid hostname, so two such addresses keep apart', () => {
    expect(isEmailAddress('jane@acme|corp.io')).toBe(true);
    expect(emailKey('jane@acme|corp.io')).toBe('jane@acme|corp.io');
    expect(emailKey('jane@acme|corp.io')).not.toBe(emailKey('jane@globex|corp.io'));
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
    ['Ромашка О.О.О.', 'ромашка ооо'],
    ['Ромашка ООО', 'ромашка ооо'],
    ['Ελληνική Α.Ε.', 'ελληνικη αε'],
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

describe('nameMatch edges', () => {
  it('counts a typo only when both words have five letters or more', () => {
    expect(nameMatch(['globx'], ['globex'])).toEqual({ similarity: 1, typos: 1 });
    expect(nameMatch(['globex'], ['globx'])).toEqual({ similarity: 1, typos: 1 });
    expect(nameMatch(['acme'], ['acmes'])).toEqual({ similarity: 0, typos: 0 });
    expect(nameMatch(['acmes'], ['acme'])).toEqual({ similarity: 0, typos: 0 });
  });
});

describe('oneEditApart edges', () => {
  it.each([
    ['analytics', 'anxyytics'],
    ['analytics', 'anlxytics'],
    ['analytics', 'anxaytics'],
    ['analytics', 'anlytiks'],
  ])('%s and %s are two edits apart, not one', (a, b) => {
    expect(oneEditApart(a, b)).toBe(false);
    expect(oneEditApart(b, a)).toBe(false);
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
