// Reading the status CSV in end-to-end tests.
import { readFileSync } from 'node:fs';

/** parseCSV splits CSV text into records (quoted fields may hold commas and line breaks). */
export function parseCSV(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** readStatusCSV returns the header and the data rows of a status CSV file. */
export function readStatusCSV(file) {
  const text = readFileSync(file, 'utf8');
  if (!text.startsWith('\ufeffTeam Name,Email,Title,Status,Finished Date')) throw new Error(`not a status CSV: ${text.slice(0, 60)}`);
  const [header, ...rows] = parseCSV(text.slice(1));
  return { header, rows };
}

/** readPublishReport returns the header and the data rows of a publish match report CSV file. */
export function readPublishReport(file) {
  const text = readFileSync(file, 'utf8');
  if (!text.startsWith('\ufeffStatus,Email,Name,Team,Directory account,Last published\r\n')) throw new Error(`not a match report CSV: ${JSON.stringify(text.slice(0, 70))}`);
  const [header, ...rows] = parseCSV(text.slice(1));
  return { header, rows };
}
