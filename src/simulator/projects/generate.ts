/**
 * The Projects API's data for one organisation: projects for real customers, their tasks, the
 * time the organisation's users logged on them, and the project users.
 *
 * Three kinds of project make up the list:
 * - closed: all chargeable time was invoiced on the customer's real sales invoices, the last of
 *   which closed the project;
 * - billing: in progress, with time up to the customer's latest invoice invoiced and later time
 *   still to be invoiced;
 * - fresh: started in the last few months, nothing invoiced yet.
 * An invoiced time entry belongs to the first of the project's invoices dated on or after the day
 * it was logged; the invoices' own line items are the Accounting generator's and do not repeat
 * the time. Every date is on or before the books' "today"; a deadline that would fall after it is
 * left unset. Projects are in the base currency and `ProjectsUsers` lists every user of the
 * organisation (UNCERTAIN: whether Xero lists read-only users there).
 */
import { DAY_MS, parseMsDate } from '../data/msdate.js';
import type { Random } from '../data/random.js';
import type { ApiData, OrgData, XeroRecord } from '../data/types.js';
import { ianaZone, localMidnight, projectsPreciseTimestamp, projectsTimestamp } from './dates.js';
import { type ChargeType, type LoggedTime, projectTotals, type TaskFigures, taskFigures } from './totals.js';

const HOUR_MS = 3_600_000;

/** Projects at `scale: 1`, and at least this many so every kind appears. */
const PROJECTS_AT_SCALE_1 = 12;
const MIN_PROJECTS = 8;

type Kind = 'closed' | 'billing' | 'fresh';

interface Theme {
  readonly name: string;
  readonly tasks: readonly (readonly [string, ChargeType])[];
}

const THEMES: readonly Theme[] = [
  { name: 'Website redesign', tasks: [['Discovery workshop', 'FIXED'], ['Design', 'TIME'], ['Development', 'TIME'], ['Content migration', 'TIME'], ['Project management', 'NON_CHARGEABLE']] },
  { name: 'Office fit-out', tasks: [['Site measure and quote', 'FIXED'], ['Installation', 'TIME'], ['Electrical work', 'TIME'], ['Travel', 'NON_CHARGEABLE']] },
  { name: 'Annual maintenance', tasks: [['Scheduled service', 'FIXED'], ['Call-outs', 'TIME'], ['Admin', 'NON_CHARGEABLE']] },
  { name: 'Network upgrade', tasks: [['Assessment', 'TIME'], ['Hardware installation', 'TIME'], ['Configuration', 'TIME'], ['Documentation', 'FIXED']] },
  { name: 'Brand refresh', tasks: [['Brand strategy', 'FIXED'], ['Logo design', 'TIME'], ['Style guide', 'TIME'], ['Internal review', 'NON_CHARGEABLE']] },
  { name: 'Warehouse racking', tasks: [['Planning', 'TIME'], ['Installation', 'TIME'], ['Safety inspection', 'FIXED'], ['Travel', 'NON_CHARGEABLE']] },
  { name: 'Staff training programme', tasks: [['Course design', 'FIXED'], ['Training delivery', 'TIME'], ['Preparation', 'NON_CHARGEABLE']] },
  { name: 'Systems integration', tasks: [['Requirements', 'TIME'], ['Build', 'TIME'], ['Testing', 'TIME'], ['Go-live support', 'TIME']] },
];

const HOURLY_RATES = [95, 110, 120, 135, 150, 165, 180, 200];

const NOTES: Readonly<Record<ChargeType, readonly string[]>> = {
  TIME: ['On site', 'Remote session', 'Client meeting', 'Follow-up changes', 'Working session'],
  FIXED: ['Scoping', 'Prepared deliverable', 'Review with client'],
  NON_CHARGEABLE: ['Internal', 'Travel time', 'Admin and scheduling'],
};

/** An invoice a project bills on: its id and the calendar day it is dated. */
interface Billing {
  readonly invoiceId: string;
  readonly dayMs: number;
}

/**
 * Builds the Projects API collections for `org`: `Projects`, `Tasks`, `TimeEntries`,
 * `ProjectsUsers` and `TimeEntryInvoices` (see index.ts).
 */
export function buildProjectsData(org: OrgData, rnd: Random, scale: number): ApiData {
  const zone = ianaZone(org.accounting.organisation['Timezone']);
  const currency = org.baseCurrency;
  const users = org.accounting.collections.Users;
  // Read-only and invoice-only users cannot log time.
  const loggers = users.filter((u) => u['OrganisationRole'] === 'STANDARD' || u['OrganisationRole'] === 'FINANCIALADVISER' || u['OrganisationRole'] === 'ADMIN');
  const team = loggers.length > 0 ? loggers : users;
  // Projects are for customers with sales invoices; an organisation without any still gets fresh
  // projects for its other contacts.
  const invoiced = invoicedCustomers(org);
  const customers: Customer[] =
    invoiced.length > 0 ? invoiced : org.accounting.collections.Contacts.filter((c) => c['ContactStatus'] === 'ACTIVE').map((contact) => ({ contact, invoices: [] }));
  const booksStartMs = org.asOfMs - 700 * DAY_MS;
  const lastDayMs = org.asOfMs - DAY_MS;

  const projects: XeroRecord[] = [];
  const tasks: XeroRecord[] = [];
  const entries: XeroRecord[] = [];
  const links: XeroRecord[] = [];
  const count = customers.length === 0 ? 0 : Math.max(MIN_PROJECTS, Math.round(PROJECTS_AT_SCALE_1 * scale));
  const contactOrder = shuffled(rnd, customers);
  const first: Kind[] = ['closed', 'billing', 'fresh'];

  for (let p = 0; p < count; p++) {
    const prnd = rnd.fork(`project:${p}`);
    const customer = contactOrder[p % contactOrder.length] as Customer;
    let kind = first[p] ?? prnd.weighted<Kind>([['closed', 3], ['billing', 5], ['fresh', 3]]);
    // Billing needs invoices; a customer with none gets a fresh project.
    const billings = kind !== 'fresh' ? pickBillings(prnd, customer.invoices, booksStartMs) : [];
    if (billings.length === 0) kind = 'fresh';
    const lastBilling = billings[billings.length - 1];
    const firstBilling = billings[0];
    const startMs =
      kind === 'fresh' || !firstBilling ? lastDayMs - prnd.int(10, 120) * DAY_MS : Math.max(booksStartMs, firstBilling.dayMs - prnd.int(20, 60) * DAY_MS);
    const endMs = kind === 'closed' && lastBilling ? lastBilling.dayMs : kind === 'billing' && lastBilling ? Math.min(lastDayMs, lastBilling.dayMs + prnd.int(20, 90) * DAY_MS) : lastDayMs;
    const invoiceFor = (dayMs: number): Billing | undefined => billings.find((b) => b.dayMs >= dayMs);

    const projectId = prnd.guid();
    const theme = THEMES[p % THEMES.length] as Theme;
    const chosen = theme.tasks.filter((_, i) => i < 2 || prnd.chance(0.75));
    const figures: TaskFigures[] = [];
    let estimateCents = 0;
    for (const [taskName, chargeType] of chosen) {
      const taskId = prnd.guid();
      const rateCents = chargeType === 'TIME' ? prnd.pick(HOURLY_RATES) * 100 : chargeType === 'FIXED' ? prnd.int(8, 60) * 10_000 : 0;
      // A fixed-price task is invoiced with the project's invoices; its time is then billed too.
      const fixedInvoiced = chargeType === 'FIXED' && (kind === 'closed' || (kind === 'billing' && prnd.chance(0.6)));
      const estimateMinutes = prnd.int(chargeType === 'NON_CHARGEABLE' ? 2 : 8, chargeType === 'TIME' ? 80 : 30) * 60;
      estimateCents += chargeType === 'TIME' ? Math.round((rateCents * estimateMinutes) / 60) : rateCents;

      const logged: LoggedTime[] = [];
      // Time on an invoiced fixed task was all logged before it was invoiced.
      const taskEndMs = fixedInvoiced && lastBilling ? Math.min(endMs, lastBilling.dayMs) : endMs;
      const days = Array.from({ length: prnd.int(2, 9) }, () => startMs + prnd.int(0, Math.max(0, Math.round((taskEndMs - startMs) / DAY_MS))) * DAY_MS).sort((a, b) => a - b);
      for (const dayMs of days) {
        const minutes = prnd.int(1, 24) * 15;
        const billing = chargeType === 'NON_CHARGEABLE' ? undefined : chargeType === 'FIXED' && !fixedInvoiced ? undefined : invoiceFor(dayMs);
        const status = billing ? 'INVOICED' : 'ACTIVE';
        const timeEntryId = prnd.guid();
        const dateMs = localMidnight(dayMs, zone);
        // Typed in during or after the working day, never after "today".
        const enteredMs = Math.min(dateMs + prnd.int(9 * HOUR_MS, 40 * HOUR_MS), org.asOfMs - prnd.int(60_000, HOUR_MS));
        entries.push({
          timeEntryId,
          userId: String(prnd.pick(team)['UserID']),
          projectId,
          taskId,
          dateUtc: projectsTimestamp(dateMs),
          dateEnteredUtc: projectsPreciseTimestamp(Math.max(enteredMs, dateMs), prnd.int(0, 9999)),
          duration: minutes,
          description: prnd.pick(NOTES[chargeType]),
          status,
        });
        if (billing) links.push({ timeEntryId, invoiceId: billing.invoiceId });
        logged.push({ minutes, invoiced: status === 'INVOICED' });
      }
      const f = taskFigures({ chargeType, rateCents, fixedInvoiced }, logged);
      figures.push(f);
      const money = (cents: number): XeroRecord => ({ currency, value: cents / 100 });
      tasks.push({
        name: taskName,
        rate: money(rateCents),
        chargeType,
        status: fixedInvoiced ? 'INVOICED' : 'ACTIVE',
        estimateMinutes,
        taskId,
        projectId,
        totalMinutes: f.totalMinutes,
        totalAmount: money(f.totalCents),
        minutesToBeInvoiced: f.minutesToBeInvoiced,
        minutesInvoiced: f.minutesInvoiced,
        nonChargeableMinutes: f.nonChargeableMinutes,
        fixedMinutes: f.fixedMinutes,
        amountToBeInvoiced: money(f.toBeInvoicedCents),
        amountInvoiced: money(f.invoicedCents),
      });
    }

    // Expenses (materials, travel) are billed with the same invoices as the time.
    const expenseCents = prnd.chance(0.5) ? prnd.int(50, 2500) * 100 : 0;
    const expenseInvoicedCents = kind === 'closed' ? expenseCents : kind === 'billing' && prnd.chance(0.5) ? expenseCents : 0;
    const deadlineMs = localMidnight(endMs + prnd.int(0, 30) * DAY_MS, zone);
    projects.push({
      projectId,
      contactId: String(customer.contact['ContactID']),
      name: `${theme.name} - ${String(customer.contact['Name'])}`,
      currencyCode: currency,
      ...projectTotals(currency, figures, { totalCents: expenseCents, invoicedCents: expenseInvoicedCents }),
      ...(prnd.chance(0.75) && deadlineMs <= org.asOfMs ? { deadlineUtc: projectsTimestamp(deadlineMs) } : {}),
      estimate: { currency, value: Math.round(estimateCents * (prnd.int(90, 120) / 100)) / 100 },
      status: kind === 'closed' ? 'CLOSED' : 'INPROGRESS',
    });
  }

  // Grouped by project in project order, then oldest first.
  const order = new Map(projects.map((p, i) => [p['projectId'], i]));
  entries.sort(
    (a, b) =>
      (order.get(a['projectId']) ?? 0) - (order.get(b['projectId']) ?? 0) ||
      String(a['dateUtc']).localeCompare(String(b['dateUtc'])) ||
      String(a['timeEntryId']).localeCompare(String(b['timeEntryId'])),
  );
  return {
    collections: {
      Projects: projects,
      Tasks: tasks,
      TimeEntries: entries,
      ProjectsUsers: users.map((u) => ({
        userId: String(u['UserID']),
        name: `${String(u['FirstName'] ?? '')} ${String(u['LastName'] ?? '')}`.trim(),
        email: String(u['EmailAddress'] ?? ''),
      })),
      TimeEntryInvoices: links,
    },
    blobs: new Map(),
  };
}

interface Customer {
  readonly contact: XeroRecord;
  /** Approved sales invoices, oldest first. */
  readonly invoices: readonly Billing[];
}

/** Active contacts with approved base-currency sales invoices, in contact order. */
function invoicedCustomers(org: OrgData): Customer[] {
  const byContact = new Map<string, Billing[]>();
  for (const inv of org.accounting.collections.Invoices) {
    if (inv['Type'] !== 'ACCREC' || (inv['Status'] !== 'AUTHORISED' && inv['Status'] !== 'PAID')) continue;
    // Projects are kept in the base currency, so they are billed on base-currency invoices.
    if (inv['CurrencyCode'] !== org.baseCurrency) continue;
    const contactId = String((inv['Contact'] as XeroRecord | undefined)?.['ContactID']);
    const list = byContact.get(contactId) ?? [];
    list.push({ invoiceId: String(inv['InvoiceID']), dayMs: parseMsDate(String(inv['Date'])) });
    byContact.set(contactId, list);
  }
  return org.accounting.collections.Contacts.filter((c) => c['ContactStatus'] === 'ACTIVE' && byContact.has(String(c['ContactID']))).map((contact) => ({
    contact,
    invoices: (byContact.get(String(contact['ContactID'])) ?? []).sort((a, b) => a.dayMs - b.dayMs || a.invoiceId.localeCompare(b.invoiceId)),
  }));
}

/** One to three consecutive invoices of the customer, dated after the books begin. */
function pickBillings(rnd: Random, invoices: readonly Billing[], notBeforeMs: number): Billing[] {
  const eligible = invoices.filter((b) => b.dayMs >= notBeforeMs + 30 * DAY_MS);
  if (eligible.length === 0) return [];
  const from = rnd.int(0, eligible.length - 1);
  return eligible.slice(from, from + rnd.int(1, 3));
}

function shuffled<T>(rnd: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rnd.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
