/** The columns a batch upload understands (the API ignores any other column). */
export const UPLOAD_COLUMNS = ['id', 'email', 'domain', 'company_name'] as const;
export type UploadColumn = (typeof UPLOAD_COLUMNS)[number];
/** For each upload column, the index of the file's column that feeds it, or null for none. */
export type ColumnMapping = Record<UploadColumn, number | null>;

/**
 * Splits CSV text (RFC 4180: quoted fields with commas, doubled quotes and line breaks; CRLF or LF)
 * into rows of fields. Blank lines are dropped: a spreadsheet's trailing empty line is not a record.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte-order mark is not part of the first header
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  row.push(field);
  if (row.length > 1 || row[0] !== '') rows.push(row);
  return rows;
}

/** Header words that say a column holds an identifier, most telling first. */
const HINTS: Record<UploadColumn, RegExp[]> = {
  id: [/^(id|record_?id|crm_?id|external_?id|row_?id)$/, /\bid$/],
  email: [/^(e_?mail|email_?address|work_?email|business_?email)$/, /mail/],
  domain: [/^(domain|company_?domain|website|web_?site|url|company_?url)$/, /domain|website/],
  company_name: [/^(company|company_?name|organi[sz]ation|account_?name|employer)$/, /company|organi[sz]ation/],
};

const normalise = (header: string) => header.trim().toLowerCase().replace(/[\s-]+/g, '_');

/**
 * Guesses which column feeds each identifier from the header row: an exact name first, then a
 * looser one; a column is used once. The person's own email wins over a `personal_email` column.
 */
export function guessMapping(headers: readonly string[]): ColumnMapping {
  const names = headers.map(normalise);
  const taken = new Set<number>();
  const mapping = { id: null, email: null, domain: null, company_name: null } as ColumnMapping;
  for (const column of UPLOAD_COLUMNS) {
    for (const hint of HINTS[column]) {
      const index = names.findIndex((name, i) => !taken.has(i) && hint.test(name) && !(column === 'email' && name.startsWith('personal')));
      if (index !== -1) {
        mapping[column] = index;
        taken.add(index);
        break;
      }
    }
  }
  return mapping;
}

const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/**
 * The upload the API reads: a header `id,email,domain,company_name`, then one line per data row from
 * the mapped columns. Without an id column each row's id is its line number in the file, so results
 * can be matched back to the file. Returned as parts (for a Blob) to keep a large file's copy flat.
 */
export function uploadCsv(rows: readonly (readonly string[])[], mapping: ColumnMapping): string[] {
  const parts = [`${UPLOAD_COLUMNS.join(',')}\n`];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    const cell = (column: UploadColumn) => {
      const index = mapping[column];
      return index === null ? '' : quote((row[index] ?? '').trim());
    };
    const id = mapping.id === null ? String(r) : cell('id');
    parts.push(`${id},${cell('email')},${cell('domain')},${cell('company_name')}\n`);
  }
  return parts;
}
