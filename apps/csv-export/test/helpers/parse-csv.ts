/**
 * A small RFC 4180 reader for tests (csv-parse is not a dependency): quoted
 * fields with doubled quotes, delimiters and line breaks inside quotes, CRLF
 * or LF records, and a leading UTF-8 BOM, which it reports instead of keeping.
 */
export interface ParsedCsv {
  bom: boolean;
  header: string[];
  rows: string[][];
  /** True when every record ended with CRLF. */
  crlf: boolean;
}

export const parseCsv = (text: string, delimiter = ','): ParsedCsv => {
  const bom = text.startsWith('\uFEFF');
  const body = bom ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let crlf = true;
  let i = 0;
  while (i < body.length) {
    const char = body[i]!;
    if (quoted) {
      if (char === '"' && body[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (char === '"') quoted = false;
      else field += char;
      i += 1;
      continue;
    }
    if (char === '"' && field === '') {
      quoted = true;
    } else if (char === delimiter) {
      record.push(field);
      field = '';
    } else if (char === '\r' && body[i + 1] === '\n') {
      endRecord();
      i += 1;
    } else if (char === '\n') {
      crlf = false;
      endRecord();
    } else {
      field += char;
    }
    i += 1;
  }
  if (field !== '' || record.length > 0) {
    crlf = false;
    endRecord();
  }
  function endRecord(): void {
    record.push(field);
    records.push(record);
    record = [];
    field = '';
  }
  const [header = [], ...rows] = records;
  return { bom, header, rows, crlf };
};

/** Rows as objects keyed by header, for readable assertions. */
export const csvObjects = (parsed: ParsedCsv): Record<string, string>[] =>
  parsed.rows.map((row) =>
    Object.fromEntries(parsed.header.map((name, index) => [name, row[index] ?? ''])),
  );
