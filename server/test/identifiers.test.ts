import { normaliseEmail, normaliseIdentifiers, registrableDomain } from '../src/enrichment/identifiers';

describe('registrableDomain', () => {
  it.each([
    ['acme.io', 'acme.io'],
    ['www.acme.io', 'acme.io'],
    ['WWW.ACME.IO', 'acme.io'],
    ['https://www.acme.io/about?x=1', 'acme.io'],
    ['http://shop.acme.co.uk:8080/path', 'acme.co.uk'],
    ['jane@mail.acme.com.br', 'acme.com.br'],
    ['kaneda-robotics.co.jp', 'kaneda-robotics.co.jp'],
  ])('%s -> %s', (input, expected) => {
    expect(registrableDomain(input)).toBe(expected);
  });

  it.each(['localhost', '127.0.0.1', 'co.uk', 'not a domain'])('has none for %s', (input) => {
    expect(registrableDomain(input)).toBeNull();
  });
});

describe('normaliseEmail', () => {
  it('trims, lower-cases and drops the plus tag from the local part', () => {
    expect(normaliseEmail('  Jane.Doe+News@Mail.ACME.io ')).toEqual({
      address: 'jane.doe+news@mail.acme.io',
      local: 'jane.doe',
      host: 'mail.acme.io',
      domain: 'acme.io',
    });
  });
});

describe('normaliseIdentifiers', () => {
  it('keeps only identifiers that were sent and a domain that has a registrable part', () => {
    expect(normaliseIdentifiers({ domain: 'localhost', company_name: '  Acme   Analytics  Inc. ' })).toEqual({ companyName: 'Acme Analytics Inc.' });
  });
});
