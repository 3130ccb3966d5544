import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseServerTiming } from '../studio/card';
import { guessMapping, parseCsv, uploadCsv } from '../studio/csv';

describe('the Studio\'s CSV handling (client/studio/csv.ts)', () => {
  it('parses quoted fields with commas, doubled quotes, line breaks, CRLF, a byte-order mark and a trailing blank line', () => {
    const text = '\ufeffemail,location,note\r\njane@acme.io,"San Francisco, CA","said ""hi""\ntwice"\r\nbob@acme.io,,\r\n\r\n';
    expect(parseCsv(text)).toEqual([
      ['email', 'location', 'note'],
      ['jane@acme.io', 'San Francisco, CA', 'said "hi"\ntwice'],
      ['bob@acme.io', '', ''],
    ]);
  });

  it('guesses identifier columns from headers, a column once, the work email over a personal one', () => {
    expect(guessMapping(['Personal Email', 'Work Email', 'Company', 'Website', 'CRM ID'])).toEqual({ id: 4, email: 1, domain: 3, company_name: 2 });
    expect(guessMapping(['first', 'last'])).toEqual({ id: null, email: null, domain: null, company_name: null });
  });

  it('maps the sample people file (email and company_name) and writes the upload the API reads, quoting where needed', () => {
    const rows = parseCsv(readFileSync(path.resolve(__dirname, '../../data/sample/people.csv'), 'utf8'));
    expect(rows).toHaveLength(2001);
    const mapping = guessMapping(rows[0]!);
    expect(mapping).toEqual({ id: null, email: 0, domain: null, company_name: 3 });
    const upload = uploadCsv(rows, mapping);
    expect(upload).toHaveLength(2001);
    expect(upload[0]).toBe('id,email,domain,company_name\n');
    expect(upload[1]).toBe('1,jane.doe@acme.io,,Acme Analytics\n');
    expect(uploadCsv([['id', 'company'], [' 7 ', 'Smith, Jones & "Co"']], { id: 0, email: null, domain: null, company_name: 1 })[1]).toBe('7,,,"Smith, Jones & ""Co"""\n');
  });

  it('reads the Server-Timing header the gateway passes on', () => {
    expect(parseServerTiming('store;dur=3.5, web;dur=120, total;dur=124.2, gateway;dur=130')).toEqual([
      { name: 'store', ms: 3.5 },
      { name: 'web', ms: 120 },
      { name: 'total', ms: 124.2 },
      { name: 'gateway', ms: 130 },
    ]);
    expect(parseServerTiming('cache;desc="hit", total;dur=0.4')).toEqual([{ name: 'cache', ms: null, description: 'hit' }, { name: 'total', ms: 0.4 }]);
    expect(parseServerTiming(undefined)).toEqual([]);
  });
});
