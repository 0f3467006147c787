/**
 * ManualJournals: the opening balances of the books (cash, stock, equipment, equity), monthly
 * depreciation, and assorted adjustments. Posted journals post a MANJOURNAL journal; drafts post
 * nothing; voided ones are posted and later reversed; deleted ones were drafts.
 *
 * The opening stock is set here, once every stock movement is known: enough of each tracked item
 * that it never runs out, so the inventory account always equals the items' TotalCostPool.
 */
import type { AccountInfo } from './chart-of-accounts.js';
import type { OrgContext } from './context.js';
import { scaled } from './context.js';
import { finishStock, openingStock } from './items.js';
import type { PostingLine } from './journals.js';
import { amount } from './money.js';
import { DAY_MS, addMonths, toMsDate } from './msdate.js';
import type { Random } from './random.js';
import type { XeroRecord } from './types.js';

type Status = 'POSTED' | 'DRAFT' | 'VOIDED' | 'DELETED';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

interface JournalDraft {
  readonly narration: string;
  readonly dateMs: number;
  readonly createdMs: number;
  readonly status: Status;
  /** Account and signed cents (positive = debit), description, tracking. */
  readonly lines: readonly { account: AccountInfo; cents: number; description: string; tracking: XeroRecord[] }[];
}

const ADJUSTMENTS: readonly { narration: string; debit: string; credit: string; tracked: boolean }[] = [
  { narration: 'Prepaid insurance', debit: '620', credit: '433', tracked: false },
  { narration: 'Accrued electricity', debit: '445', credit: '850', tracked: true },
  { narration: 'Reclassify office expenses', debit: '429', credit: '453', tracked: true },
  { narration: 'Owner drawings', debit: '880', credit: '090', tracked: false },
  { narration: 'Income tax provision', debit: '505', credit: '830', tracked: false },
  { narration: 'Loan interest accrued', debit: '437', credit: '900', tracked: false },
];

/** Creates every manual journal (and sets tracked items' opening stock). */
export function createManualJournals(ctx: OrgContext): void {
  const rnd = ctx.rnd.fork('manual-journals');
  const drafts: JournalDraft[] = [opening(ctx, rnd), ...depreciation(ctx, rnd), ...adjustments(ctx, rnd)];
  const journalIds = rnd.fork('journals');
  const excluded = ctx.taxes.role('excluded');
  for (const d of drafts) {
    const id = rnd.guid();
    let updatedMs = d.createdMs;
    let status: Status = d.status === 'POSTED' || d.status === 'DRAFT' ? d.status : d.status === 'VOIDED' ? 'POSTED' : 'DRAFT';
    if (status === 'POSTED') {
      const lines: PostingLine[] = d.lines.map((l) => ({
        account: l.account,
        netCents: l.cents,
        taxCents: 0,
        tax: excluded,
        description: l.description,
        tracking: l.tracking,
      }));
      const journal = ctx.ledger.post(journalIds, { createdMs: d.createdMs, dateMs: d.dateMs, sourceId: id, sourceType: 'MANJOURNAL', reference: d.narration, lines });
      if (d.status === 'VOIDED') {
        const voidMs = d.createdMs + rnd.int(1, 30) * DAY_MS;
        if (voidMs < ctx.asOfMs) {
          ctx.ledger.reverse(journalIds, journal, voidMs);
          status = 'VOIDED';
          updatedMs = voidMs;
        }
      }
    } else if (d.status === 'DELETED') {
      const deleteMs = d.createdMs + rnd.int(1, 30) * DAY_MS;
      if (deleteMs < ctx.asOfMs) {
        status = 'DELETED';
        updatedMs = deleteMs;
      }
    }
    ctx.history.noteAlways(id, d.createdMs, status === 'DRAFT' ? 'Created' : 'Posted', d.narration, status !== 'DRAFT');
    ctx.books.add('ManualJournals', id, d.createdMs, {
      Date: toMsDate(d.dateMs),
      Status: status,
      LineAmountTypes: 'NoTax',
      UpdatedDateUTC: toMsDate(updatedMs),
      ManualJournalID: id,
      Narration: d.narration,
      JournalLines: d.lines.map((l) => ({
        Description: l.description,
        TaxType: excluded.taxType,
        TaxAmount: 0,
        LineAmount: amount(l.cents),
        AccountCode: l.account.code,
        AccountID: l.account.id,
        Tracking: l.tracking,
        IsBlank: false,
      })),
      ShowOnCashBasisReports: true,
      HasAttachments: false,
    });
  }
}

/** Opening balances on the first day of the books, including the opening stock. */
function opening(ctx: OrgContext, rnd: Random): JournalDraft {
  const { chart } = ctx;
  let stockCents = 0;
  for (const item of ctx.items) {
    if (!item.tracked) continue;
    const qty100 = openingStock(item, rnd.int(5, 20) * 100);
    finishStock(item, qty100);
    stockCents += Math.round((qty100 * (item.cost10000 ?? 0)) / 10_000);
  }
  const units = (n: number): number => Math.round(n * ctx.scale) * 100;
  const cash = units(30_000);
  const equipment = units(12_000);
  const depreciated = units(2_000);
  const capital = units(10_000);
  const main = chart.banks[0] as AccountInfo;
  const line = (account: AccountInfo, cents: number): JournalDraft['lines'][number] => ({ account, cents, description: 'Opening balance', tracking: [] });
  return {
    narration: 'Opening balances',
    dateMs: ctx.startMs,
    createdMs: ctx.startMs + 1_800_000,
    status: 'POSTED',
    lines: [
      line(main, cash),
      line(chart.code('630'), stockCents),
      line(chart.code('710'), equipment),
      line(chart.code('711'), -depreciated),
      line(chart.code('970'), -capital),
      line(chart.system('RETAINEDEARNINGS'), -(cash + stockCents + equipment - depreciated - capital)),
    ].filter((l) => l.cents !== 0),
  };
}

/** Month-end depreciation of office and computer equipment, entered early the next month. */
function depreciation(ctx: OrgContext, rnd: Random): JournalDraft[] {
  const out: JournalDraft[] = [];
  const office = Math.round(200 * ctx.scale) * 100;
  const computers = Math.round(150 * ctx.scale) * 100;
  for (let m = 1; ; m++) {
    const monthEnd = addMonths(ctx.startMs, m) - DAY_MS;
    const createdMs = monthEnd + rnd.int(2, 5) * DAY_MS + rnd.int(8, 17) * 3_600_000;
    if (createdMs >= ctx.asOfMs) break;
    const end = new Date(monthEnd);
    const month = `${MONTHS[end.getUTCMonth()] ?? ''} ${end.getUTCFullYear()}`;
    out.push({
      narration: `Depreciation for ${month}`,
      dateMs: monthEnd,
      createdMs,
      status: 'POSTED',
      lines: [
        { account: ctx.chart.code('416'), cents: office + computers, description: 'Depreciation', tracking: [] },
        { account: ctx.chart.code('711'), cents: -office, description: 'Office equipment', tracking: [] },
        { account: ctx.chart.code('721'), cents: -computers, description: 'Computer equipment', tracking: [] },
      ],
    });
  }
  return out;
}

/** Assorted adjustments; the first three are a draft, a voided and a deleted journal. */
function adjustments(ctx: OrgContext, rnd: Random): JournalDraft[] {
  const count = scaled(ctx.scale, ctx.profile.invoicesAtScale1 / 40, 6);
  const span = ctx.asOfMs - ctx.startMs;
  const forced: readonly Status[] = ['DRAFT', 'VOIDED', 'DELETED'];
  const out: JournalDraft[] = [];
  for (let i = 0; i < count; i++) {
    const kind = rnd.pick(ADJUSTMENTS);
    const createdMs = ctx.startMs + DAY_MS + rnd.int(0, span - 2 * DAY_MS);
    const dateMs = Math.floor(createdMs / DAY_MS) * DAY_MS - rnd.int(0, 5) * DAY_MS;
    const cents = rnd.int(100, 5000) * 100 + rnd.int(0, 99);
    const tracking = kind.tracked && rnd.chance(0.5) ? ctx.tracking.pick(rnd, createdMs) : [];
    const status =
      forced[i] ??
      rnd.weighted<Status>([
        ['POSTED', 88],
        ['DRAFT', 6],
        ['VOIDED', 4],
        ['DELETED', 2],
      ]);
    out.push({
      narration: kind.narration,
      dateMs: Math.max(ctx.startMs, dateMs),
      createdMs,
      status,
      lines: [
        { account: ctx.chart.code(kind.debit), cents, description: kind.narration, tracking },
        { account: ctx.chart.code(kind.credit), cents: -cents, description: kind.narration, tracking },
      ],
    });
  }
  return out;
}
