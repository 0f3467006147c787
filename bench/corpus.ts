/**
 * The xero-sql query corpus, each with the fewest API calls that can answer it. The minimum is
 * worked out independently of xero-sql: a fixed count, or the page count Xero reports for the
 * narrowest request Xero can answer (its list parameters, `where`, `If-Modified-Since`) at the
 * largest page size, plus fixed calls for other tables; or, for a LIMIT on an offset-paged list,
 * the pages of that list's page length the LIMIT needs (rows are lines when `linesOf` names them).
 */
import type { RawGet } from './contenders/raw.js';

/** Values picked from the data before the run (ids exist in the seed's data). */
export interface CorpusIds {
  readonly invoiceId: string;
  readonly invoiceIds: readonly string[];
  readonly invoiceNumber: string;
  readonly contactId: string;
  /** An UpdatedDateUTC that leaves a few percent of invoices newer. */
  readonly recentUpdate: string;
}

export interface CorpusQuery {
  readonly name: string;
  readonly sql: string;
  /** A fixed minimum, or a probe whose page count (at 1000 a page) is the minimum, plus `extra` calls. */
  readonly min: number | { readonly probe: RawGet; readonly extra?: number } | { readonly rows: number; readonly pageOf: RawGet & { readonly envelope: string }; readonly linesOf?: string };
}

const INVOICES = '/api.xro/2.0/Invoices';
const list = (query: Record<string, string>, headers?: Record<string, string>, extra = 0) => ({
  probe: { path: INVOICES, query: { unitdp: '4', ...query }, ...(headers ? { headers } : {}) },
  extra,
});

export function corpus(ids: CorpusIds, size: 'full' | 'quick'): CorpusQuery[] {
  const q = (s: string) => `'${s}'`;
  const all: CorpusQuery[] = [
    { name: 'by id', sql: `SELECT * FROM Invoices WHERE InvoiceId = ${q(ids.invoiceId)}`, min: 1 },
    { name: 'IN list of ids', sql: `SELECT InvoiceNumber, Total FROM Invoices WHERE InvoiceId IN (${ids.invoiceIds.map(q).join(', ')})`, min: 1 },
    { name: 'by number', sql: `SELECT * FROM Invoices WHERE InvoiceNumber = ${q(ids.invoiceNumber)}`, min: list({ InvoiceNumbers: ids.invoiceNumber }) },
    { name: 'Status = (pushed)', sql: `SELECT InvoiceId, Total FROM Invoices WHERE Status = 'DRAFT'`, min: list({ Statuses: 'DRAFT' }) },
    { name: 'Status IN (pushed)', sql: `SELECT InvoiceId, Status FROM Invoices WHERE Status IN ('DRAFT', 'SUBMITTED')`, min: list({ Statuses: 'DRAFT,SUBMITTED' }) },
    { name: 'ContactId = (pushed)', sql: `SELECT * FROM Invoices WHERE ContactId = ${q(ids.contactId)}`, min: list({ ContactIDs: ids.contactId }) },
    { name: 'Type = (where)', sql: `SELECT COUNT(*) AS n FROM Invoices WHERE Type = 'ACCPAY' AND Date >= '2026-09-01'`, min: list({ where: 'Type=="ACCPAY"&&Date>=DateTime(2026,09,01)' }) },
    { name: 'date range', sql: `SELECT InvoiceNumber, Date, Total FROM Invoices WHERE Date >= '2026-08-01' AND Date < '2026-09-01'`, min: list({ where: 'Date>=DateTime(2026,08,01)&&Date<DateTime(2026,09,01)' }) },
    { name: 'UpdatedDateUTC > (incremental)', sql: `SELECT * FROM Invoices WHERE UpdatedDateUTC > ${q(ids.recentUpdate)}`, min: list({}, { 'If-Modified-Since': new Date(ids.recentUpdate).toUTCString() }) },
    { name: 'LIMIT 10', sql: `SELECT * FROM Invoices LIMIT 10`, min: 1 },
    { name: 'ORDER BY Date DESC LIMIT 5', sql: `SELECT InvoiceNumber, Date FROM Invoices ORDER BY Date DESC LIMIT 5`, min: 1 },
    { name: 'COUNT with pushed filter', sql: `SELECT COUNT(DISTINCT InvoiceId) AS n FROM Invoices WHERE Status = 'AUTHORISED'`, min: list({ Statuses: 'AUTHORISED' }) },
    {
      name: 'SUM/GROUP BY',
      sql: `SELECT Status, COUNT(DISTINCT InvoiceId) AS n, SUM(LineItem_LineAmount) AS amount FROM Invoices WHERE Date >= '2026-10-01' GROUP BY Status`,
      min: list({ where: 'Date>=DateTime(2026,10,01)' }),
    },
    {
      name: 'join Invoices x Contacts',
      sql: `SELECT c.Name, SUM(i.LineItem_LineAmount) AS amount FROM Invoices i JOIN Contacts c ON c.ContactId = i.ContactId WHERE i.Date >= '2026-11-01' GROUP BY c.Name ORDER BY amount DESC LIMIT 10`,
      min: list({ where: 'Date>=DateTime(2026,11,01)' }, undefined, 1),
    },
    { name: 'Contacts', sql: `SELECT * FROM Contacts`, min: 1 },
    { name: 'Contacts LIKE (pushed)', sql: `SELECT ContactId, Name FROM Contacts WHERE Name LIKE 'A%'`, min: 1 },
    { name: 'Accounts', sql: `SELECT Code, Name, Type FROM Accounts WHERE Type = 'REVENUE'`, min: 1 },
    { name: 'Items', sql: `SELECT * FROM Items`, min: 1 },
    { name: 'report: ProfitAndLoss', sql: `SELECT * FROM ProfitAndLoss WHERE FromDate = '2026-07-01' AND ToDate = '2026-09-30'`, min: 1 },
    { name: 'report: TrialBalance', sql: `SELECT * FROM TrialBalance WHERE Date = '2026-09-30'`, min: 1 },
    { name: 'Journals LIMIT 250', sql: `SELECT JournalNumber, JournalDate FROM Journals LIMIT 250`, min: { rows: 250, pageOf: { path: '/api.xro/2.0/Journals', envelope: 'Journals' }, linesOf: 'JournalLines' } },
    { name: 'COUNT(*) FROM Invoices', sql: `SELECT COUNT(*) AS n FROM Invoices`, min: list({}) },
  ];
  if (size === 'full') return all;
  return all.filter((c) => !['COUNT(*) FROM Invoices', 'SUM/GROUP BY', 'date range'].includes(c.name));
}
