import type { AuditRecord } from './contracts/audit';

const columns = ['time', 'user', 'host', 'frontEnd', 'profileId', 'environment', 'action', 'outcome', 'durationMs', 'counts', 'parameters', 'error'] as const;

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; formula starts are defused for spreadsheets. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function cell(record: AuditRecord, column: (typeof columns)[number]): string {
  switch (column) {
    case 'counts':
    case 'parameters':
      return JSON.stringify(record[column]);
    case 'error':
      return record.error ? `${record.error.code}: ${record.error.message}` : '';
    default:
      return String(record[column]);
  }
}

/** The records as CSV with a header line, CRLF line ends. */
export function auditCsv(records: readonly AuditRecord[]): string {
  const lines = [columns.join(','), ...records.map((r) => columns.map((c) => csvField(cell(r, c))).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
