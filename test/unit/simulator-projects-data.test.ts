/**
 * The Projects API's generated data adds up, for both organisations: every task's and project's
 * figures are recomputed here from the time entries, invoiced time points at real sales invoices
 * of the project's customer dated on or after it, contacts and users are the organisation's own,
 * dates are UTC `Z` strings of the organisation's local midnights, and a seed gives the same data.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_AS_OF_MS, generateOrganisations } from '../../src/simulator/data/generate.js';
import { parseMsDate } from '../../src/simulator/data/msdate.js';
import { Random } from '../../src/simulator/data/random.js';
import type { OrgData, XeroRecord } from '../../src/simulator/data/types.js';
import { generateProjectsData } from '../../src/simulator/projects/index.js';

const orgs = generateOrganisations({ seed: 5, scale: 1, asOfMs: DEFAULT_AS_OF_MS });
const ZONES: Record<string, string> = { AU: 'Australia/Sydney', NZ: 'Pacific/Auckland' };
const cents = (v: unknown): number => Math.round(Number((v as XeroRecord | undefined)?.['value']) * 100);
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** The calendar day (as its UTC midnight) and the hour that `iso` is at in `zone`. */
function local(iso: string, zone: string): { dayMs: number; hour: number } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit' }).formatToParts(Date.parse(iso));
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return { dayMs: Date.UTC(part('year'), part('month') - 1, part('day')), hour: part('hour') };
}

for (const org of orgs) {
  describe(`Projects data of ${org.tenantName}`, () => {
    const c = (name: string): XeroRecord[] => org.projects?.collections[name] ?? [];
    const projects = c('Projects');
    const tasks = c('Tasks');
    const entries = c('TimeEntries');
    const links = new Map(c('TimeEntryInvoices').map((l) => [l['timeEntryId'], String(l['invoiceId'])]));
    const zone = ZONES[org.countryCode] ?? 'UTC';

    it('has 8-15 projects for the organisation\'s customers, in both states, in the base currency', () => {
      assert.ok(projects.length >= 8 && projects.length <= 15, `${projects.length} projects`);
      assert.ok(projects.some((p) => p['status'] === 'CLOSED') && projects.some((p) => p['status'] === 'INPROGRESS'));
      const contacts = new Set(org.accounting.collections.Contacts.map((x) => x['ContactID']));
      for (const p of projects) {
        assert.ok(contacts.has(p['contactId']), `${String(p['name'])}: contact exists`);
        assert.equal(p['currencyCode'], org.baseCurrency);
        for (const [key, value] of Object.entries(p)) {
          if (value !== null && typeof value === 'object') assert.equal((value as XeroRecord)['currency'], org.baseCurrency, `${key} currency`);
        }
      }
      assert.equal(new Set(projects.map((p) => p['projectId'])).size, projects.length);
    });

    it('uses the organisation\'s users as project users and time loggers', () => {
      const users = org.accounting.collections.Users;
      assert.deepEqual(
        c('ProjectsUsers'),
        users.map((u) => ({ userId: u['UserID'], name: `${String(u['FirstName'])} ${String(u['LastName'])}`, email: u['EmailAddress'] })),
      );
      const loggers = new Set(users.filter((u) => !['READONLY', 'INVOICEONLY'].includes(String(u['OrganisationRole']))).map((u) => u['UserID']));
      assert.ok(entries.every((t) => loggers.has(t['userId'])), 'time is logged by users who may log time');
    });

    it('adds up every task from its time entries', () => {
      for (const task of tasks) {
        const own = entries.filter((t) => t['taskId'] === task['taskId']);
        assert.ok(own.length > 0, `${String(task['name'])} has time`);
        assert.ok(own.every((t) => t['projectId'] === task['projectId']));
        const minutes = sum(own.map((t) => Number(t['duration'])));
        const invoicedMinutes = sum(own.filter((t) => t['status'] === 'INVOICED').map((t) => Number(t['duration'])));
        const rate = cents(task['rate']);
        assert.equal(task['totalMinutes'], minutes);
        assert.equal(cents(task['amountInvoiced']) + cents(task['amountToBeInvoiced']), cents(task['totalAmount']), 'invoiced + to be invoiced = total');
        switch (task['chargeType']) {
          case 'TIME':
            assert.ok(Math.abs(cents(task['totalAmount']) - (rate * minutes) / 60) <= 0.5, 'total = rate × hours');
            assert.ok(Math.abs(cents(task['amountInvoiced']) - (rate * invoicedMinutes) / 60) <= 0.5, 'invoiced = rate × invoiced hours');
            assert.equal(task['minutesInvoiced'], invoicedMinutes);
            assert.equal(task['minutesToBeInvoiced'], minutes - invoicedMinutes);
            assert.equal(task['status'], 'ACTIVE', 'a TIME task cannot be INVOICED (spec)');
            break;
          case 'FIXED':
            assert.equal(cents(task['totalAmount']), rate);
            assert.equal(task['fixedMinutes'], minutes);
            assert.equal(cents(task['amountInvoiced']), task['status'] === 'INVOICED' ? rate : 0);
            // Time on a fixed task is invoiced exactly when the task is.
            assert.ok(own.every((t) => (t['status'] === 'INVOICED') === (task['status'] === 'INVOICED')));
            break;
          case 'NON_CHARGEABLE':
            assert.equal(cents(task['totalAmount']), 0);
            assert.equal(rate, 0);
            assert.equal(task['nonChargeableMinutes'], minutes);
            assert.ok(own.every((t) => t['status'] === 'ACTIVE'), 'non-chargeable time is never invoiced');
            break;
          default:
            assert.fail(`unknown chargeType ${String(task['chargeType'])}`);
        }
      }
      assert.deepEqual(new Set(tasks.map((t) => t['chargeType'])), new Set(['TIME', 'FIXED', 'NON_CHARGEABLE']));
      assert.ok(tasks.some((t) => t['status'] === 'INVOICED'));
    });

    it('adds up every project from its tasks', () => {
      for (const p of projects) {
        const own = tasks.filter((t) => t['projectId'] === p['projectId']);
        const label = String(p['name']);
        assert.ok(own.length >= 2, `${label} has tasks`);
        assert.equal(p['minutesLogged'], sum(entries.filter((t) => t['projectId'] === p['projectId']).map((t) => Number(t['duration']))), `${label} minutesLogged`);
        assert.equal(p['minutesLogged'], sum(own.map((t) => Number(t['totalMinutes']))));
        assert.equal(p['minutesToBeInvoiced'], sum(own.map((t) => Number(t['minutesToBeInvoiced']))));
        assert.equal(cents(p['totalTaskAmount']), sum(own.map((t) => cents(t['totalAmount']))), `${label} totalTaskAmount`);
        assert.equal(cents(p['taskAmountInvoiced']), sum(own.map((t) => cents(t['amountInvoiced']))));
        assert.equal(cents(p['taskAmountToBeInvoiced']), sum(own.map((t) => cents(t['amountToBeInvoiced']))));
        assert.equal(cents(p['expenseAmountInvoiced']) + cents(p['expenseAmountToBeInvoiced']), cents(p['totalExpenseAmount']));
        assert.equal(cents(p['totalToBeInvoiced']), cents(p['taskAmountToBeInvoiced']) + cents(p['expenseAmountToBeInvoiced']), `${label} totalToBeInvoiced`);
        assert.equal(cents(p['totalInvoiced']), cents(p['taskAmountInvoiced']) + cents(p['expenseAmountInvoiced']) + cents(p['projectAmountInvoiced']));
        if (p['status'] === 'CLOSED') assert.equal(cents(p['totalToBeInvoiced']), 0, `${label}: a closed project has nothing left to invoice`);
      }
    });

    it('bills invoiced time on real sales invoices of the project\'s customer, dated on or after the work', () => {
      const invoices = new Map(org.accounting.collections.Invoices.map((i) => [i['InvoiceID'], i]));
      const projectOf = new Map(projects.map((p) => [p['projectId'], p]));
      let billed = 0;
      for (const t of entries) {
        const invoiceId = links.get(t['timeEntryId']);
        if (t['status'] !== 'INVOICED') {
          assert.equal(invoiceId, undefined, 'only invoiced time has an invoice');
          continue;
        }
        const invoice = invoices.get(invoiceId);
        assert.ok(invoice, `invoice ${String(invoiceId)} exists`);
        assert.equal(invoice['Type'], 'ACCREC');
        assert.ok(['AUTHORISED', 'PAID'].includes(String(invoice['Status'])));
        assert.equal((invoice['Contact'] as XeroRecord)['ContactID'], projectOf.get(t['projectId'])?.['contactId'], 'invoiced to the project\'s customer');
        assert.ok(local(String(t['dateUtc']), zone).dayMs <= parseMsDate(String(invoice['Date'])), 'the work predates its invoice');
        billed++;
      }
      assert.equal(billed, links.size);
      assert.ok(billed > 0);
    });

    it('writes dates as UTC Z strings of local midnights, on or before "today"', () => {
      for (const t of entries) {
        assert.match(String(t['dateUtc']), /^\d{4}-\d{2}-\d{2}T\d{2}:00:00Z$/);
        assert.equal(local(String(t['dateUtc']), zone).hour, 0, `${String(t['dateUtc'])} is local midnight in ${zone}`);
        assert.match(String(t['dateEnteredUtc']), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
        assert.ok(Date.parse(String(t['dateEnteredUtc'])) >= Date.parse(String(t['dateUtc'])));
        assert.ok(Date.parse(String(t['dateEnteredUtc'])) <= org.asOfMs);
        assert.ok(Number.isInteger(t['duration']) && Number(t['duration']) > 0);
      }
      for (const p of projects.filter((x) => 'deadlineUtc' in x)) {
        assert.equal(local(String(p['deadlineUtc']), zone).hour, 0);
        assert.ok(Date.parse(String(p['deadlineUtc'])) <= org.asOfMs);
      }
    });
  });
}

describe('Projects data generation', () => {
  const org = orgs[0] as OrgData;
  it('is deterministic for a seed, differs between seeds and grows with the scale', () => {
    const once = generateProjectsData(org, new Random(8), 1);
    assert.deepEqual(generateProjectsData(org, new Random(8), 1), once);
    assert.notDeepEqual(generateProjectsData(org, new Random(9), 1), once);
    assert.equal(generateProjectsData(org, new Random(8), 3)?.collections['Projects']?.length, 36);
  });
});
