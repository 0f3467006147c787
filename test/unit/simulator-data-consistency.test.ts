/**
 * The generated books agree with themselves at scale 1, checked over the whole data set of both
 * organisations: document totals against their lines, payments and allocations against invoice
 * and credit balances, batch and transfer totals, and the journals (balanced, complete, numbered)
 * against the documents they were derived from. Everything is recomputed here from the records
 * alone, in integer cents.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_AS_OF_MS, generateOrganisations } from '../../src/simulator/data/generate.js';
import type { OrgData, XeroRecord } from '../../src/simulator/data/types.js';

const orgs = generateOrganisations({ seed: 7, scale: 1, asOfMs: DEFAULT_AS_OF_MS });
const [au, nz] = orgs as [OrgData, OrgData];

const cents = (v: unknown): number => Math.round(Number(v) * 100);
const ms = (v: unknown): number => Number(/^\/Date\((-?\d+)\+0000\)\/$/.exec(String(v))?.[1] ?? Number.NaN);
const arr = (v: unknown): XeroRecord[] => (Array.isArray(v) ? (v as XeroRecord[]) : []);
const obj = (v: unknown): XeroRecord => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as XeroRecord) : {});
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const col = (org: OrgData, name: keyof OrgData['accounting']['collections']): XeroRecord[] => org.accounting.collections[name];

/** Tax rate in basis points per TaxType, from the TaxRates records. */
function rates(org: OrgData): Map<string, number> {
  return new Map(col(org, 'TaxRates').map((r) => [String(r['TaxType']), Math.round(Number(r['DisplayTaxRate']) * 100)]));
}

/** Recomputes a document's lines and totals; returns problems. */
function checkTotals(doc: XeroRecord, taxRates: Map<string, number>, amountTypes = String(doc['LineAmountTypes'])): string[] {
  const problems: string[] = [];
  const mode = amountTypes.toUpperCase();
  let sub = 0;
  let tax = 0;
  for (const line of arr(doc['LineItems'])) {
    const qty100 = Math.round(Number(line['Quantity']) * 100);
    const unit10000 = Math.round(Number(line['UnitAmount']) * 10_000);
    const discBp = Math.round(Number(line['DiscountRate'] ?? 0) * 100);
    const lineCents = Math.round((qty100 * unit10000 * (10_000 - discBp)) / 100_000_000);
    if (lineCents !== cents(line['LineAmount'])) problems.push(`LineAmount ${String(line['LineAmount'])} != ${lineCents / 100}`);
    const bp = taxRates.get(String(line['TaxType']));
    if (bp === undefined) problems.push(`unknown TaxType ${String(line['TaxType'])}`);
    const t =
      mode === 'NOTAX' || bp === undefined || bp === 0
        ? 0
        : mode === 'INCLUSIVE'
          ? Math.round((lineCents * bp) / (10_000 + bp))
          : Math.round((lineCents * bp) / 10_000);
    if (t !== cents(line['TaxAmount'])) problems.push(`TaxAmount ${String(line['TaxAmount'])} != ${t / 100}`);
    sub += mode === 'INCLUSIVE' ? lineCents - t : lineCents;
    tax += t;
  }
  if (sub !== cents(doc['SubTotal'])) problems.push(`SubTotal ${String(doc['SubTotal'])} != ${sub / 100}`);
  if (tax !== cents(doc['TotalTax'])) problems.push(`TotalTax ${String(doc['TotalTax'])} != ${tax / 100}`);
  if (sub + tax !== cents(doc['Total'])) problems.push(`Total ${String(doc['Total'])} != ${(sub + tax) / 100}`);
  return problems;
}

/** Sum of journal NetAmounts per SourceID, and per account. */
function journalIndex(org: OrgData): { bySource: Map<string, XeroRecord[]>; byAccount: Map<string, number> } {
  const bySource = new Map<string, XeroRecord[]>();
  const byAccount = new Map<string, number>();
  for (const j of col(org, 'Journals')) {
    const id = String(j['SourceID']);
    bySource.set(id, [...(bySource.get(id) ?? []), j]);
    for (const l of arr(j['JournalLines'])) {
      const code = String(l['AccountCode']);
      byAccount.set(code, (byAccount.get(code) ?? 0) + cents(l['NetAmount']));
    }
  }
  return { bySource, byAccount };
}

/** Net per account of a set of journals (zero for a transaction that was reversed). */
function netOf(journals: readonly XeroRecord[]): Map<string, number> {
  const net = new Map<string, number>();
  for (const j of journals) {
    for (const l of arr(j['JournalLines'])) net.set(String(l['AccountID']), (net.get(String(l['AccountID'])) ?? 0) + cents(l['NetAmount']));
  }
  return net;
}
const allZero = (m: Map<string, number>): boolean => [...m.values()].every((v) => v === 0);

for (const org of orgs) {
  describe(`generated books of ${org.tenantName}`, () => {
    const taxRates = rates(org);
    const invoices = col(org, 'Invoices');
    const payments = col(org, 'Payments');
    const creditNotes = col(org, 'CreditNotes');
    const prepayments = col(org, 'Prepayments');
    const overpayments = col(org, 'Overpayments');
    const bankTx = col(org, 'BankTransactions');
    const accounts = col(org, 'Accounts');
    const accountById = new Map(accounts.map((a) => [String(a['AccountID']), a]));
    const bankIds = new Set(accounts.filter((a) => a['Type'] === 'BANK').map((a) => String(a['AccountID'])));
    const base = String(org.accounting.organisation['BaseCurrency']);

    it('invoices, credit notes, bank transactions, prepayments and overpayments total their lines', () => {
      const docs = [...invoices, ...creditNotes, ...bankTx, ...prepayments, ...overpayments, ...col(org, 'Receipts'), ...col(org, 'PurchaseOrders'), ...col(org, 'Quotes'), ...col(org, 'RepeatingInvoices')];
      const problems = docs.flatMap((d) => checkTotals(d, taxRates).map((p) => `${String(d['InvoiceID'] ?? d['CreditNoteID'] ?? d['BankTransactionID'] ?? d['QuoteID'] ?? d['ReceiptID'] ?? d['PurchaseOrderID'] ?? d['RepeatingInvoiceID'])}: ${p}`));
      assert.deepEqual(problems.slice(0, 5), []);
      const types = new Set(invoices.map((i) => i['LineAmountTypes']));
      assert.deepEqual([...types].sort(), ['Exclusive', 'Inclusive', 'NoTax']);
      assert.ok(invoices.some((i) => i['IsDiscounted'] === true && cents(i['TotalDiscount']) > 0), 'some invoice has a discount');
      assert.ok(invoices.some((i) => arr(i['LineItems']).some((l) => arr(l['Tracking']).length > 0)), 'lines carry tracking');
      assert.ok(invoices.some((i) => arr(i['LineItems']).some((l) => typeof l['ItemCode'] === 'string')), 'lines use items');
    });

    it('every invoice status appears for sales and bills', () => {
      for (const type of ['ACCREC', 'ACCPAY']) {
        const statuses = new Set(invoices.filter((i) => i['Type'] === type).map((i) => i['Status']));
        assert.deepEqual([...statuses].sort(), ['AUTHORISED', 'DELETED', 'DRAFT', 'PAID', 'SUBMITTED', 'VOIDED'], type);
      }
    });

    it('invoice balances agree with payments and allocations', () => {
      const paid = new Map<string, number>();
      for (const p of payments) {
        const inv = obj(p['Invoice']);
        if (p['Status'] === 'AUTHORISED' && inv['InvoiceID'] !== undefined) paid.set(String(inv['InvoiceID']), (paid.get(String(inv['InvoiceID'])) ?? 0) + cents(p['Amount']));
      }
      const credited = new Map<string, number>();
      for (const c of [...creditNotes, ...prepayments, ...overpayments]) {
        for (const a of arr(c['Allocations'])) {
          const id = String(obj(a['Invoice'])['InvoiceID']);
          credited.set(id, (credited.get(id) ?? 0) + cents(a['Amount']));
        }
      }
      let partial = 0;
      for (const inv of invoices) {
        const id = String(inv['InvoiceID']);
        const status = String(inv['Status']);
        const total = cents(inv['Total']);
        const amountPaid = cents(inv['AmountPaid']);
        const amountCredited = cents(inv['AmountCredited']);
        assert.equal(amountPaid, sum(arr(inv['Payments']).map((p) => cents(p['Amount']))), `${id} AmountPaid vs Payments`);
        assert.equal(amountPaid, paid.get(id) ?? 0, `${id} AmountPaid vs Payments collection`);
        const listed = [...arr(inv['CreditNotes']), ...arr(inv['Prepayments']), ...arr(inv['Overpayments'])];
        assert.equal(amountCredited, sum(listed.map((c) => cents(c['AppliedAmount']))), `${id} AmountCredited vs listed credits`);
        assert.equal(amountCredited, credited.get(id) ?? 0, `${id} AmountCredited vs allocations`);
        if (status === 'AUTHORISED' || status === 'PAID') {
          assert.equal(cents(inv['AmountDue']), total - amountPaid - amountCredited, `${id} AmountDue`);
          assert.ok(cents(inv['AmountDue']) >= 0, `${id} overpaid`);
          assert.equal(status === 'PAID', cents(inv['AmountDue']) === 0, `${id} PAID iff nothing due`);
          assert.equal(inv['FullyPaidOnDate'] !== undefined, status === 'PAID', `${id} FullyPaidOnDate`);
          if (status === 'PAID') assert.ok(ms(inv['FullyPaidOnDate']) >= ms(inv['Date']), `${id} paid before issued`);
          if (status === 'AUTHORISED' && amountPaid > 0) partial++;
        } else {
          assert.equal(amountPaid + amountCredited, 0, `${id} ${status} has money against it`);
        }
      }
      assert.ok(partial > 0, 'some invoice is partly paid');
      assert.ok(invoices.some((i) => ms(i['DueDate']) > org.asOfMs), 'some invoice falls due after today');
    });

    it('credits agree with their allocations and refunds', () => {
      for (const c of [...creditNotes, ...prepayments, ...overpayments]) {
        const id = String(c['CreditNoteID'] ?? c['PrepaymentID'] ?? c['OverpaymentID']);
        const status = String(c['Status']);
        if (status !== 'AUTHORISED' && status !== 'PAID') continue;
        const used = sum(arr(c['Allocations']).map((a) => cents(a['Amount']))) + sum(arr(c['Payments']).map((p) => cents(p['Amount'])));
        assert.equal(cents(c['RemainingCredit']), cents(c['Total']) - used, `${id} RemainingCredit`);
        assert.equal(status === 'PAID', cents(c['RemainingCredit']) === 0, `${id} PAID iff used up`);
      }
      for (const type of ['ACCRECCREDIT', 'ACCPAYCREDIT']) {
        const statuses = new Set(creditNotes.filter((c) => c['Type'] === type).map((c) => c['Status']));
        assert.deepEqual([...statuses].sort(), ['AUTHORISED', 'DELETED', 'DRAFT', 'PAID', 'SUBMITTED', 'VOIDED'], type);
      }
      assert.ok(creditNotes.some((c) => arr(c['Allocations']).length > 0), 'credit notes are allocated');
      assert.ok(prepayments.some((c) => arr(c['Allocations']).length > 0), 'prepayments are allocated');
      assert.ok(overpayments.some((c) => arr(c['Allocations']).length > 0), 'overpayments are allocated');
      const twins = new Map(bankTx.map((t) => [String(t['BankTransactionID']), t]));
      for (const c of prepayments) assert.equal(twins.get(String(c['PrepaymentID']))?.['PrepaymentID'], c['PrepaymentID']);
      for (const c of overpayments) assert.equal(twins.get(String(c['OverpaymentID']))?.['OverpaymentID'], c['OverpaymentID']);
    });

    it('every payment references an existing document and bank account', () => {
      const ids = new Map<string, Set<string>>([
        ['Invoice', new Set(invoices.map((i) => String(i['InvoiceID'])))],
        ['CreditNote', new Set(creditNotes.map((i) => String(i['CreditNoteID'])))],
        ['Prepayment', new Set(prepayments.map((i) => String(i['PrepaymentID'])))],
        ['Overpayment', new Set(overpayments.map((i) => String(i['OverpaymentID'])))],
      ]);
      const types = new Set<string>();
      for (const p of payments) {
        const refs = [...ids.keys()].filter((k) => p[k] !== undefined);
        assert.equal(refs.length, 1, `${String(p['PaymentID'])} references one document`);
        const key = refs[0] as string;
        const targetId = String(obj(p[key])[`${key}ID`]);
        assert.ok(ids.get(key)?.has(targetId), `${String(p['PaymentID'])} -> ${key} ${targetId}`);
        assert.ok(bankIds.has(String(obj(p['Account'])['AccountID'])), `${String(p['PaymentID'])} bank account`);
        types.add(`${String(p['PaymentType'])}/${String(p['Status'])}`);
      }
      for (const t of ['ACCRECPAYMENT/AUTHORISED', 'ACCPAYPAYMENT/AUTHORISED', 'ACCRECPAYMENT/DELETED', 'ARCREDITPAYMENT/AUTHORISED', 'AROVERPAYMENTPAYMENT/AUTHORISED']) {
        assert.ok(types.has(t), `a ${t} payment exists`);
      }
    });

    it('batch payments total their payments, which point back at them', () => {
      const byId = new Map(payments.map((p) => [String(p['PaymentID']), p]));
      const batches = col(org, 'BatchPayments');
      assert.ok(batches.length > 0, 'there are batch payments');
      for (const b of batches) {
        const listed = arr(b['Payments']);
        assert.ok(listed.length >= 2, 'a batch groups several payments');
        assert.equal(cents(b['TotalAmount']), sum(listed.map((p) => cents(p['BankAmount']))));
        for (const lp of listed) {
          const p = byId.get(String(lp['PaymentID']));
          assert.ok(p !== undefined, 'batched payment exists');
          assert.equal(p['BatchPaymentID'], b['BatchPaymentID']);
          assert.equal(cents(p['BankAmount']), cents(lp['BankAmount']));
          assert.equal(obj(p['Account'])['AccountID'], obj(b['Account'])['AccountID']);
          assert.equal(p['Date'], b['Date']);
        }
      }
      const inBatches = new Set(batches.flatMap((b) => arr(b['Payments']).map((p) => String(p['PaymentID']))));
      for (const p of payments) if (p['BatchPaymentID'] !== undefined) assert.ok(inBatches.has(String(p['PaymentID'])), 'a batched payment is listed by its batch');
    });

    it('bank transfers move money between two bank accounts through two bank transactions', () => {
      const tx = new Map(bankTx.map((t) => [String(t['BankTransactionID']), t]));
      const transfers = col(org, 'BankTransfers');
      assert.ok(transfers.some((t) => t['Status'] === 'DELETED'), 'a transfer was deleted');
      for (const t of transfers) {
        const from = String(obj(t['FromBankAccount'])['AccountID']);
        const to = String(obj(t['ToBankAccount'])['AccountID']);
        assert.ok(bankIds.has(from) && bankIds.has(to) && from !== to, 'a transfer joins two different bank accounts');
        for (const [key, type, account] of [
          ['FromBankTransactionID', 'SPEND-TRANSFER', from],
          ['ToBankTransactionID', 'RECEIVE-TRANSFER', to],
        ] as const) {
          const leg = tx.get(String(t[key]));
          assert.ok(leg !== undefined, `${key} exists`);
          assert.equal(leg['Type'], type);
          assert.equal(obj(leg['BankAccount'])['AccountID'], account);
          assert.equal(cents(leg['Total']), cents(t['Amount']));
          assert.equal(leg['Status'], t['Status']);
        }
      }
      const types = new Set(bankTx.map((t) => t['Type']));
      for (const t of ['RECEIVE', 'SPEND', 'RECEIVE-TRANSFER', 'SPEND-TRANSFER', 'RECEIVE-PREPAYMENT', 'SPEND-PREPAYMENT', 'RECEIVE-OVERPAYMENT', 'SPEND-OVERPAYMENT']) {
        assert.ok(types.has(t), `a ${t} bank transaction exists`);
      }
      assert.ok(bankTx.some((t) => t['IsReconciled'] === true) && bankTx.some((t) => t['IsReconciled'] === false), 'bank transactions both reconciled and not');
    });

    it('journals are numbered 1..N in creation order and each balances', () => {
      const journals = col(org, 'Journals');
      let last = -Infinity;
      let total = 0;
      journals.forEach((j, i) => {
        assert.equal(j['JournalNumber'], i + 1);
        const created = ms(j['CreatedDateUTC']);
        assert.ok(created >= last, `journal ${i + 1} out of creation order`);
        assert.ok(created < org.asOfMs, 'journal created before today');
        last = created;
        const lines = arr(j['JournalLines']);
        assert.ok(lines.length >= 2, 'a journal has two lines or more');
        assert.equal(sum(lines.map((l) => cents(l['NetAmount']))), 0, `journal ${i + 1} balances`);
        for (const l of lines) {
          assert.equal(cents(l['GrossAmount']), cents(l['NetAmount']) + cents(l['TaxAmount']));
          const account = accountById.get(String(l['AccountID']));
          assert.ok(account !== undefined, 'journal line account exists');
          assert.equal(l['AccountCode'], account['Code']);
          assert.equal(l['AccountType'], account['Type']);
        }
        total += sum(lines.map((l) => cents(l['NetAmount'])));
      });
      assert.equal(total, 0, 'trial balance');
    });

    it('every posted transaction has journals, and every journal a source', () => {
      const { bySource } = journalIndex(org);
      const claims = col(org, 'ExpenseClaims');
      const expected = new Map<string, 'posted' | 'reversed'>();
      const expect = (id: unknown, status: unknown, reversed: readonly string[], posted: readonly string[]): void => {
        if (reversed.includes(String(status))) expected.set(String(id), 'reversed');
        else if (posted.includes(String(status))) expected.set(String(id), 'posted');
      };
      for (const i of invoices) expect(i['InvoiceID'], i['Status'], ['VOIDED'], ['AUTHORISED', 'PAID']);
      for (const c of creditNotes) expect(c['CreditNoteID'], c['Status'], ['VOIDED'], ['AUTHORISED', 'PAID']);
      for (const p of payments) expect(p['PaymentID'], p['Status'], ['DELETED'], ['AUTHORISED']);
      for (const p of [...prepayments, ...overpayments]) expect(p['PrepaymentID'] ?? p['OverpaymentID'], p['Status'], [], ['AUTHORISED', 'PAID']);
      for (const t of bankTx) if (t['Type'] === 'SPEND' || t['Type'] === 'RECEIVE') expect(t['BankTransactionID'], t['Status'], ['DELETED'], ['AUTHORISED']);
      for (const t of col(org, 'BankTransfers')) expect(t['BankTransferID'], t['Status'], ['DELETED'], ['AUTHORISED']);
      for (const m of col(org, 'ManualJournals')) expect(m['ManualJournalID'], m['Status'], ['VOIDED'], ['POSTED']);
      for (const c of claims) {
        expect(c['ExpenseClaimID'], c['Status'], ['VOIDED'], ['AUTHORISED', 'PAID']);
        for (const p of arr(c['Payments'])) expected.set(String(p['PaymentID']), 'posted');
      }
      for (const [id, kind] of expected) {
        const journals = bySource.get(id);
        assert.ok(journals !== undefined && journals.length > 0, `${id} has journals`);
        if (kind === 'reversed') assert.ok(allZero(netOf(journals)), `${id} is reversed`);
      }
      for (const id of bySource.keys()) assert.ok(expected.has(id), `journal source ${id} is a posted transaction`);
      for (const i of invoices) if (['DRAFT', 'SUBMITTED', 'DELETED'].includes(String(i['Status']))) assert.ok(!bySource.has(String(i['InvoiceID'])), 'unposted invoices have no journals');
      const sourceTypes = new Set(col(org, 'Journals').map((j) => j['SourceType']));
      for (const t of ['ACCREC', 'ACCPAY', 'ACCRECCREDIT', 'ACCPAYCREDIT', 'ACCRECPAYMENT', 'ACCPAYPAYMENT', 'ARCREDITPAYMENT', 'CASHREC', 'CASHPAID', 'TRANSFER', 'ARPREPAYMENT', 'APPREPAYMENT', 'AROVERPAYMENT', 'APOVERPAYMENT', 'EXPCLAIM', 'EXPPAYMENT', 'MANJOURNAL']) {
        assert.ok(sourceTypes.has(t), `a ${t} journal exists`);
      }
    });

    it('journal dates and amounts follow their sources', () => {
      const { bySource } = journalIndex(org);
      for (const inv of invoices) {
        if (inv['Status'] !== 'AUTHORISED' && inv['Status'] !== 'PAID') continue;
        const journals = bySource.get(String(inv['InvoiceID'])) ?? [];
        assert.equal(journals.length, 1);
        const j = journals[0] as XeroRecord;
        assert.equal(j['JournalDate'], inv['Date']);
        assert.equal(j['SourceType'], inv['Type']);
        const control = arr(j['JournalLines']).find((l) => l['AccountCode'] === (inv['Type'] === 'ACCREC' ? '610' : '800'));
        const expectedBase = Math.round(cents(inv['Total']) / Number(inv['CurrencyRate']));
        // Converted line by line, so a foreign invoice's total may differ from Total/rate by rounding.
        assert.ok(Math.abs(Math.abs(cents(control?.['NetAmount'])) - expectedBase) <= arr(inv['LineItems']).length * 2 + 2, `${String(inv['InvoiceID'])} control amount`);
      }
    });

    it('updated timestamps are no later than today and no earlier than the transaction date', () => {
      for (const [name, records] of Object.entries(org.accounting.collections)) {
        for (const r of records) {
          if (r['UpdatedDateUTC'] === undefined) continue;
          const updated = ms(r['UpdatedDateUTC']);
          assert.ok(Number.isFinite(updated) && updated < org.asOfMs, `${name} UpdatedDateUTC before today`);
          if (r['Date'] !== undefined && name !== 'Budgets') assert.ok(updated >= ms(r['Date']), `${name} updated before its date`);
          if (r['Date'] !== undefined) assert.ok(ms(r['Date']) >= org.asOfMs - 731 * 86_400_000 && ms(r['Date']) < org.asOfMs, `${name} date within the books`);
        }
      }
    });

    it('attachments are flagged on exactly the records that have them', () => {
      const files = org.accounting.attachments;
      assert.ok(files.size > 0, 'some record has files');
      let flagged = 0;
      for (const records of Object.values(org.accounting.collections)) {
        for (const r of records) {
          if (r['HasAttachments'] === true) {
            flagged++;
            const id = String(r['InvoiceID'] ?? r['CreditNoteID'] ?? r['BankTransactionID'] ?? r['BankTransferID'] ?? r['ContactID'] ?? r['ManualJournalID'] ?? r['ReceiptID'] ?? r['PurchaseOrderID'] ?? r['RepeatingInvoiceID'] ?? r['AccountID']);
            const list = files.get(id);
            assert.ok(list !== undefined && list.length > 0, `${id} has files`);
            assert.deepEqual(arr(r['Attachments']).map((a) => a['AttachmentID']), list.map((f) => f.record['AttachmentID']));
            for (const f of list) assert.equal(f.record['ContentLength'], f.content.length);
          } else {
            assert.equal(r['Attachments'], undefined);
          }
        }
      }
      // Quotes have an attachments endpoint but no HasAttachments field in the spec.
      const quotesWithFiles = col(org, 'Quotes').filter((q) => files.has(String(q['QuoteID']))).length;
      assert.ok(quotesWithFiles > 0, 'some quote has files');
      assert.equal(flagged + quotesWithFiles, files.size);
      const kinds = new Set([...files.values()].flat().map((f) => f.record['MimeType']));
      assert.deepEqual([...kinds].sort(), ['application/pdf', 'image/png', 'text/plain']);
      const png = [...files.values()].flat().find((f) => f.record['MimeType'] === 'image/png');
      assert.deepEqual([...(png?.content.subarray(0, 4) ?? [])], [0x89, 0x50, 0x4e, 0x47]);
    });

    it('history records belong to existing records and are oldest first', () => {
      const ids = new Set<string>();
      for (const records of Object.values(org.accounting.collections)) {
        for (const r of records) for (const [key, value] of Object.entries(r)) if (key.endsWith('ID') && typeof value === 'string') ids.add(value);
      }
      assert.ok(org.accounting.history.size > 0, 'some history');
      for (const [id, list] of org.accounting.history) {
        assert.ok(ids.has(id), `history of ${id}`);
        const times = list.map((h) => ms(h['DateUTC']));
        assert.deepEqual(times, [...times].sort((a, b) => a - b));
        for (const t of times) assert.ok(t < org.asOfMs, 'history before today');
      }
      // Every entity with a History endpoint has some history.
      const keyed: [string, string][] = [
        ['BatchPayments', 'BatchPaymentID'], ['BankTransactions', 'BankTransactionID'], ['BankTransfers', 'BankTransferID'],
        ['Contacts', 'ContactID'], ['CreditNotes', 'CreditNoteID'], ['ExpenseClaims', 'ExpenseClaimID'], ['Invoices', 'InvoiceID'],
        ['Items', 'ItemID'], ['ManualJournals', 'ManualJournalID'], ['Overpayments', 'OverpaymentID'], ['Payments', 'PaymentID'],
        ['Prepayments', 'PrepaymentID'], ['PurchaseOrders', 'PurchaseOrderID'], ['Quotes', 'QuoteID'], ['Receipts', 'ReceiptID'],
        ['RepeatingInvoices', 'RepeatingInvoiceID'],
      ];
      for (const [name, key] of keyed) {
        const records = org.accounting.collections[name as keyof OrgData['accounting']['collections']];
        assert.ok(records.some((r) => org.accounting.history.has(String(r[key]))), `${name} have history`);
      }
    });

    it('contacts include customers, suppliers, archived ones and group members', () => {
      const contacts = col(org, 'Contacts');
      assert.ok(contacts.some((c) => c['IsCustomer'] === true), 'some contact is a customer');
      assert.ok(contacts.some((c) => c['IsSupplier'] === true), 'some contact is a supplier');
      assert.ok(contacts.some((c) => c['ContactStatus'] === 'ARCHIVED'), 'some contact is archived');
      assert.ok(contacts.some((c) => arr(c['ContactPersons']).length > 0), 'some contact has contact persons');
      const byId = new Map(contacts.map((c) => [String(c['ContactID']), c]));
      for (const g of col(org, 'ContactGroups')) {
        for (const m of arr(g['Contacts'])) {
          const c = byId.get(String(m['ContactID']));
          assert.ok(c !== undefined, 'group member exists');
          assert.ok(arr(c['ContactGroups']).some((x) => x['ContactGroupID'] === g['ContactGroupID']), 'group members list the group');
        }
      }
      assert.ok(col(org, 'ContactGroups').some((g) => arr(g['Contacts']).length > 0), 'some group has members');
      for (const inv of invoices) assert.ok(byId.has(String(obj(inv['Contact'])['ContactID'])), 'invoice contacts exist');
    });

    it('tracked inventory on hand equals the inventory account', () => {
      const { byAccount } = journalIndex(org);
      const pool = sum(col(org, 'Items').filter((i) => i['IsTrackedAsInventory'] === true).map((i) => cents(i['TotalCostPool'])));
      assert.ok(pool > 0, 'there is tracked stock');
      assert.equal(byAccount.get('630') ?? 0, pool);
      for (const i of col(org, 'Items')) if (i['IsTrackedAsInventory'] === true) assert.ok(Number(i['QuantityOnHand']) >= 0, 'no tracked item is below zero');
    });

    it('unpaid expense claims in the ledger equal the claims still due', () => {
      const { byAccount } = journalIndex(org);
      const due = sum(col(org, 'ExpenseClaims').filter((c) => c['Status'] === 'AUTHORISED').map((c) => cents(c['AmountDue'])));
      assert.equal(-(byAccount.get('801') ?? 0), due);
      const statuses = new Set(col(org, 'ExpenseClaims').map((c) => c['Status']));
      assert.deepEqual([...statuses].sort(), ['AUTHORISED', 'DELETED', 'PAID', 'SUBMITTED', 'VOIDED']);
    });

    if (base === 'AUD') {
      it('receivables and payables in the ledger equal what documents say is owed (single currency)', () => {
        const { byAccount } = journalIndex(org);
        const open = (list: XeroRecord[], type: string, field: string): number =>
          sum(list.filter((d) => d['Type'] === type && d['Status'] === 'AUTHORISED').map((d) => cents(d[field])));
        const ar = open(invoices, 'ACCREC', 'AmountDue') - open(creditNotes, 'ACCRECCREDIT', 'RemainingCredit') - open(overpayments, 'RECEIVE-OVERPAYMENT', 'RemainingCredit');
        const ap = open(invoices, 'ACCPAY', 'AmountDue') - open(creditNotes, 'ACCPAYCREDIT', 'RemainingCredit') - open(overpayments, 'SPEND-OVERPAYMENT', 'RemainingCredit');
        assert.equal(byAccount.get('610') ?? 0, ar);
        assert.equal(-(byAccount.get('800') ?? 0), ap);
      });
    }
  });
}

describe('multi-currency books (Kiwi Exports Ltd)', () => {
  it('has a good share of foreign-currency invoices with their day rates', () => {
    const invoices = nz.accounting.collections.Invoices;
    const foreign = invoices.filter((i) => i['CurrencyCode'] !== 'NZD');
    assert.ok(foreign.length / invoices.length > 0.3, `${foreign.length} of ${invoices.length} foreign`);
    assert.deepEqual([...new Set(foreign.map((i) => i['CurrencyCode']))].sort(), ['AUD', 'EUR', 'GBP', 'USD']);
    assert.ok(foreign.every((i) => Number(i['CurrencyRate']) > 0 && i['CurrencyRate'] !== 1), 'foreign invoices carry a rate');
    assert.ok(foreign.some((i) => i['Type'] === 'ACCPAY') && foreign.some((i) => i['Type'] === 'ACCREC'), 'both sales and bills are in foreign currencies');
    // One rate per currency per day.
    const seen = new Map<string, unknown>();
    for (const doc of [...invoices, ...nz.accounting.collections.Payments]) {
      const currency = String(doc['CurrencyCode'] ?? obj(doc['Invoice'])['CurrencyCode'] ?? 'NZD');
      if (currency === 'NZD' || doc['CurrencyRate'] === undefined) continue;
      const key = `${currency}|${String(doc['Date'])}`;
      if (seen.has(key)) assert.equal(doc['CurrencyRate'], seen.get(key));
      seen.set(key, doc['CurrencyRate']);
    }
  });

  it('keeps a USD bank account with USD transactions and books exchange differences', () => {
    const usd = nz.accounting.collections.Accounts.find((a) => a['Type'] === 'BANK' && a['CurrencyCode'] === 'USD');
    assert.ok(usd !== undefined, 'there is a USD bank account');
    const onUsd = nz.accounting.collections.BankTransactions.filter((t) => obj(t['BankAccount'])['AccountID'] === usd['AccountID']);
    assert.ok(onUsd.length > 0 && onUsd.every((t) => t['CurrencyCode'] === 'USD'), 'the USD account holds USD transactions');
    const usdPayments = nz.accounting.collections.Payments.filter((p) => obj(p['Account'])['AccountID'] === usd['AccountID']);
    assert.ok(usdPayments.length > 0 && usdPayments.every((p) => cents(p['BankAmount']) === cents(p['Amount'])), 'payments into the USD account are in USD');
    const fx = nz.accounting.collections.Journals.flatMap((j) => arr(j['JournalLines'])).filter((l) => l['AccountCode'] === '499');
    assert.ok(fx.length > 0, 'realised currency gains are booked');
    assert.deepEqual(nz.accounting.collections.Currencies.map((c) => c['Code']), ['NZD', 'AUD', 'USD', 'GBP', 'EUR']);
  });

  it('the AU organisation is single-currency', () => {
    assert.ok(au.accounting.collections.Invoices.every((i) => i['CurrencyCode'] === 'AUD' && i['CurrencyRate'] === 1), 'AU is all AUD');
    assert.equal(au.accounting.collections.Accounts.filter((a) => a['Type'] === 'BANK').length, 2);
  });
});
