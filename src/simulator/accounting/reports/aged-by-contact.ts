/**
 * `GET /Reports/AgedReceivablesByContact` and `/Reports/AgedPayablesByContact`
 * (`contactId` required, `date`, `fromDate`, `toDate`).
 *
 * Layout (spec examples): titles `Invoices | <contact> | From <fromDate> to <toDate> | Showing
 * payments to <date>`; header `Date | Number (Reference for payables) | Due Date | "" | Total |
 * Paid | Credited | Due`; an untitled section with the "Opening Balance" row (dated fromDate,
 * only Due filled); an untitled section with one row per outstanding document and a "Total"
 * summary row; an untitled section with the "Closing Balance" summary row (its Due includes the
 * opening balance). Document cells carry an `invoiceID` attribute; dates are
 * `2018-10-09T00:00:00`; the fourth column says "181 days overdue" once past the due date.
 *
 * Figures, in the document's currency, as at `date` (default: the books' today): the contact's
 * AUTHORISED or PAID invoices (ACCREC/ACCPAY) and credit notes dated on or before `date`, with
 * Paid = payments and over/prepayment allocations dated on or before `date` (refunds for credit
 * notes), Credited = credit-note allocations dated on or before `date`, Due = Total − Paid −
 * Credited; documents with nothing due are left out. Credit notes appear negated, with a
 * `creditNoteID` attribute (UNCERTAIN: the examples show none). Documents dated before
 * `fromDate` make up the opening balance; those after `toDate` (default `date`) are left out.
 * UNCERTAIN: fromDate's default. Both examples, for different contacts, start on the same day,
 * so it is an organisation-wide date; the first day of the books is used.
 */
import type { ApiCall } from '../../api.js';
import type { AccountingData } from '../../data/types.js';
import { dayOfMs, parseRecordDay } from './dates.js';
import { arrayField, objectField, textField } from './fields.js';
import { formatIsoDateTime, formatLongDate, formatMoney, toCents } from './format.js';
import { ledgerFor } from './ledger.js';
import { checkRange, dateParam, guidParam, ReportParamError } from './params.js';
import { cell, headerRow, row, section, summaryRow, type ReportBody, type ReportRow } from './report.js';

/** Which side of the ledger an aged report covers. */
export type AgedKind = 'receivables' | 'payables';

const KINDS = {
  receivables: { type: 'AgedReceivablesByContact', name: 'Aged Receivables By Contact', invoice: 'ACCREC', credit: 'ACCRECCREDIT', number: 'Number' },
  payables: { type: 'AgedPayablesByContact', name: 'Aged Payables By Contact', invoice: 'ACCPAY', credit: 'ACCPAYCREDIT', number: 'Reference' },
} as const;

/** A settlement of a document: amount (document currency, cents) and day. */
interface Settlement {
  readonly day: number;
  readonly cents: number;
}

/** One outstanding document as at the report date, signed as the report shows it. */
interface AgedDocument {
  readonly id: string;
  readonly attribute: 'invoiceID' | 'creditNoteID';
  readonly day: number;
  readonly number: string;
  readonly dueDay: number | undefined;
  readonly total: number;
  readonly paid: number;
  readonly credited: number;
}

/**
 * Builds an aged report for one contact; undefined when the contact does not exist (answered
 * 404, as for an unknown id; UNCERTAIN, Xero's answer is not documented).
 */
export function buildAgedByContact(call: ApiCall, kind: AgedKind): ReportBody | undefined {
  const spec = KINDS[kind];
  const query = call.req.query;
  const contactId = guidParam(query, 'contactId');
  if (contactId === undefined) throw new ReportParamError('The contactId parameter is required.');
  const date = dateParam(query, 'date') ?? dayOfMs(call.org.asOfMs);
  const from = dateParam(query, 'fromDate') ?? ledgerFor(call.org, 'accrual').firstDay() ?? date;
  const to = dateParam(query, 'toDate') ?? date;
  checkRange(from, to, 'fromDate', 'toDate');

  const { collections } = call.org.accounting;
  const contact = collections.Contacts.find((c) => textField(c, 'ContactID').toLowerCase() === contactId);
  if (!contact) return undefined;

  const { paid, credited } = settlements(collections);
  const settledBy = (map: Map<string, Settlement[]>, id: string) =>
    (map.get(id.toLowerCase()) ?? []).filter((s) => s.day <= date).reduce((sum, s) => sum + s.cents, 0);
  const documents: AgedDocument[] = [];
  for (const [records, type, idField, numberField, attribute, sign] of [
    [collections.Invoices, spec.invoice, 'InvoiceID', 'InvoiceNumber', 'invoiceID', 1],
    [collections.CreditNotes, spec.credit, 'CreditNoteID', 'CreditNoteNumber', 'creditNoteID', -1],
  ] as const) {
    for (const record of records) {
      const day = parseRecordDay(record.Date);
      const status = textField(record, 'Status');
      if (textField(record, 'Type') !== type || (status !== 'AUTHORISED' && status !== 'PAID')) continue;
      if (textField(objectField(record, 'Contact'), 'ContactID').toLowerCase() !== contactId) continue;
      if (day === undefined || day > date) continue;
      const id = textField(record, idField);
      const document = {
        id,
        attribute,
        day,
        number: textField(record, numberField),
        dueDay: parseRecordDay(record.DueDate),
        total: sign * toCents(record.Total),
        paid: sign * settledBy(paid, id),
        credited: sign * settledBy(credited, id),
      };
      if (document.total - document.paid - document.credited !== 0) documents.push(document);
    }
  }

  const due = (d: AgedDocument) => d.total - d.paid - d.credited;
  const opening = documents.filter((d) => d.day < from).reduce((sum, d) => sum + due(d), 0);
  const listed = documents
    .filter((d) => d.day >= from && d.day <= to)
    .sort((a, b) => a.day - b.day || a.number.localeCompare(b.number));
  const sum = (f: (d: AgedDocument) => number) => listed.reduce((s, d) => s + f(d), 0);
  const totals = [sum((d) => d.total), sum((d) => d.paid), sum((d) => d.credited), sum(due)];

  return {
    type: spec.type,
    name: spec.name,
    titles: ['Invoices', textField(contact, 'Name'), `From ${formatLongDate(from)} to ${formatLongDate(to)}`, `Showing payments to ${formatLongDate(date)}`],
    rows: [
      headerRow(['Date', spec.number, 'Due Date', '', 'Total', 'Paid', 'Credited', 'Due']),
      section('', [row([formatIsoDateTime(from), 'Opening Balance', '', '', '', '', '', formatMoney(opening)])]),
      section('', [...listed.map((d) => documentRow(d, date)), summaryRow(['Total', '', '', '', ...totals.map(formatMoney)])]),
      section('', [
        summaryRow(['Closing Balance', '', '', '', ...totals.slice(0, 3).map(formatMoney), formatMoney(opening + sum(due))]),
      ]),
    ],
  };
}

function documentRow(d: AgedDocument, date: number): ReportRow {
  const attributes = [{ Value: d.id, Id: d.attribute }];
  const overdueDays = d.dueDay === undefined ? 0 : date - d.dueDay;
  const overdue = overdueDays > 0 ? `${overdueDays} ${overdueDays === 1 ? 'day' : 'days'} overdue` : '';
  const values = [
    formatIsoDateTime(d.day),
    d.number,
    d.dueDay === undefined ? '' : formatIsoDateTime(d.dueDay),
    overdue,
    ...[d.total, d.paid, d.credited, d.total - d.paid - d.credited].map(formatMoney),
  ];
  return { RowType: 'Row', Cells: values.map((v) => cell(v, attributes)) };
}

/**
 * Every settlement by document id (lower-cased): `paid` holds payments (refunds, for credit
 * notes) and overpayment/prepayment allocations, `credited` credit-note allocations, in the
 * credit note's as well as in the invoice's entry.
 */
function settlements(collections: AccountingData['collections']): {
  paid: Map<string, Settlement[]>;
  credited: Map<string, Settlement[]>;
} {
  const paid = new Map<string, Settlement[]>();
  const credited = new Map<string, Settlement[]>();
  const add = (map: Map<string, Settlement[]>, id: string, settlement: Settlement) => {
    if (!id) return;
    const key = id.toLowerCase();
    map.set(key, [...(map.get(key) ?? []), settlement]);
  };

  for (const payment of collections.Payments) {
    const day = parseRecordDay(payment.Date);
    if (day === undefined || textField(payment, 'Status') === 'DELETED') continue;
    const settlement = { day, cents: toCents(payment.Amount) };
    add(paid, textField(objectField(payment, 'Invoice'), 'InvoiceID'), settlement);
    add(paid, textField(objectField(payment, 'CreditNote'), 'CreditNoteID'), settlement);
  }
  for (const [name, map] of [
    ['CreditNotes', credited],
    ['Overpayments', paid],
    ['Prepayments', paid],
  ] as const) {
    for (const source of collections[name]) {
      const sourceDay = parseRecordDay(source.Date);
      for (const allocation of arrayField(source, 'Allocations')) {
        const day = parseRecordDay(allocation.Date) ?? sourceDay;
        if (day === undefined) continue;
        const settlement = { day, cents: toCents(allocation.Amount) };
        add(map, textField(objectField(allocation, 'Invoice'), 'InvoiceID'), settlement);
        if (name === 'CreditNotes') add(credited, textField(source, 'CreditNoteID'), settlement);
      }
    }
  }
  return { paid, credited };
}
