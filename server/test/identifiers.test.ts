import {
  companyNameKey,
  emailKey,
  nameMatch,
  nameSimilarity,
  oneEditApart,
  normaliseEmail,
  normaliseIdentifiers,
  registrableDomain,
} from '../src/enrichment/identifiers';

describe('registrableDomain', () => {
  it.each([
    ['acme.io', 'acme.io'],
    ['www.acme.io', 'acme.io'],
    ['WWW.ACME.IO', 'acme.io'],
    ['https://www.acme.io/about?x=1', 'acme.io'],
    ['http://shop.acme.co.uk:8080/path', 'acme.co.uk'],
    ['jane@mail.acme.com.br', 'acme.com.br'],
    ['kaneda-robotics.co.jp', 'kaneda-robotics.co.jp'],
    ['acme.io.', 'acme.io'],
  ])('%s -> %s', (input, expected) => {
    expect(registrableDomain(input)).toBe(expected);
  });

  it.each(['localhost', '127.0.0.1', 'co.uk', 'not a domain'])('has none for %s', (input) => {
    expect(registrableDomain(input)).toBeNull();
  });
});

describe('emailKey', () => {
  it.each([
    ['  Jane.Doe+News@ACME.io ', 'jane.doe@acme.io'],
    ['jane.doe@acme.io', 'jane.doe@acme.io'],
    ['Jane.Doe@gmail.com', 'janedoe@gmail.com'],
    ['j.a.n.e.doe+spam@googlemail.com', 'janedoe@gmail.com'],
    ['jane.doe@yahoo.com', 'jane.doe@yahoo.com'],
  ])('%s -> %s', (input, expected) => {
    expect(emailKey(input)).toBe(expected);
  });
});

describe('normaliseEmail', () => {
  it('trims, lower-cases and drops the plus tag from the local part', () => {
    expect(normaliseEmail('  Jane.Doe+News@Mail.ACME.io ')).toEqual({
      address: 'jane.doe+news@mail.acme.io',
      local: 'jane.doe',
      host: 'mail.acme.io',
      domain: 'acme.io',
      key: 'jane.doe@mail.acme.io',
    });
  });
});

describe('companyNameKey', () => {
  it.each([
    ['Acme Analytics', 'acme analytics'],
    ['ACME Analytics, Inc.', 'acme analytics'],
    ['Acme Analytics LLC', 'acme analytics'],
    ['The Acme & Sons Ltd', 'acme sons'],
    ['Acme and Sons', 'acme sons'],
    ['Bergmann Antriebstechnik GmbH', 'bergmann antriebstechnik'],
    ['Siemens AG', 'siemens'],
    ['Nestlé S.A.', 'nestle'],
    ['Société Générale', 'societe generale'],
    ['ING Groep N.V.', 'ing groep'],
    ['Philips B.V.', 'philips'],
    ['Toyota Motor Corporation', 'toyota motor'],
    ['Procter & Gamble Co.', 'procter gamble'],
    ['Barclays PLC', 'barclays'],
    ['Infosys Pvt. Ltd.', 'infosys pvt'],
    ['The Company', 'company'],
  ])('%s -> %s', (input, expected) => {
    expect(companyNameKey(input)).toBe(expected);
  });

  it('has none for a name without words', () => {
    expect(companyNameKey(' .,& ')).toBeNull();
  });
});

describe('nameMatch', () => {
  it('counts a long word one edit away as shared, and says how many did', () => {
    expect(nameMatch(['acme', 'analyitcs'], ['acme', 'analytics'])).toEqual({ similarity: 1, typos: 1 });
    expect(nameMatch(['acme', 'analytcs'], ['acme', 'analytics'])).toEqual({ similarity: 1, typos: 1 });
    expect(nameMatch(['acme', 'analytiks'], ['acme', 'analytics'])).toEqual({ similarity: 1, typos: 1 });
    expect(nameMatch(['acme', 'analyticsx'], ['acme', 'analytics'])).toEqual({ similarity: 1, typos: 1 });
    expect(nameMatch(['acmi', 'analytics'], ['acme', 'analytics'])).toEqual({ similarity: 0.5, typos: 0 });
    expect(nameMatch(['acme', 'anlaytcis'], ['acme', 'analytics'])).toEqual({ similarity: 0.5, typos: 0 });
    expect(nameMatch(['globex', 'globes'], ['globex'])).toEqual({ similarity: 2 / 3, typos: 0 });
  });

  it.each([
    ['analytics', 'analytcs', true],
    ['analytics', 'analytisc', true],
    ['analytics', 'xnalytics', true],
    ['analytics', 'analytics', false],
    ['analytics', 'analyticsxx', false],
    ['analytics', 'anaxytixs', false],
  ])('oneEditApart(%s, %s) is %s', (a, b, expected) => {
    expect(oneEditApart(a, b)).toBe(expected);
    expect(oneEditApart(b, a)).toBe(expected);
  });
});

describe('nameSimilarity', () => {
  it('is 1 for the same words in any order, 0 for none shared, in between otherwise', () => {
    expect(nameSimilarity(['acme', 'analytics'], ['analytics', 'acme'])).toBe(1);
    expect(nameSimilarity(['acme'], ['globex'])).toBe(0);
    expect(nameSimilarity(['acme', 'analytics', 'group'], ['acme', 'analytics'])).toBeCloseTo(0.8);
    expect(nameSimilarity([], ['acme'])).toBe(0);
  });
});

describe('normaliseIdentifiers', () => {
  it('keeps only identifiers that were sent, a domain with a registrable part and a name with words', () => {
    expect(normaliseIdentifiers({ domain: 'localhost', company_name: '  Acme   Analytics  Inc. ' })).toEqual({
      companyName: 'Acme Analytics Inc.',
      companyNameKey: 'acme analytics',
    });
    expect(normaliseIdentifiers({ company_name: '&' })).toEqual({});
  });
});
