/**
 * How a task's and a project's figures follow from the time logged against them, in integer
 * cents so that every total is exact.
 *
 * - A `TIME` task earns its hourly rate on every minute logged: `totalAmount = rate × minutes / 60`;
 *   invoiced minutes make `amountInvoiced`, the rest `amountToBeInvoiced`.
 * - A `FIXED` task earns its rate once, whatever time is logged (`fixedMinutes`); it is all
 *   invoiced once the task is `INVOICED`. Its minutes count as neither invoiced nor to be invoiced,
 *   since it is not billed by the minute (UNCERTAIN: the spec only says `fixedMinutes` are
 *   "minutes logged against this task if its charge type is FIXED").
 * - A `NON_CHARGEABLE` task earns nothing; its time is `nonChargeableMinutes`.
 * - A project adds up its tasks, plus its expenses. `totalToBeInvoiced` is task plus expense
 *   amounts still to be invoiced (the spec's example: 60 + 499 = 559); `totalInvoiced` adds up
 *   what was invoiced. UNCERTAIN: the spec does not define `projectAmountInvoiced`, `deposit`,
 *   `depositApplied` or `creditNoteAmount`; our projects take no deposits or credit notes and
 *   invoice nothing outside tasks and expenses, so those are 0.
 */
import type { XeroRecord } from '../data/types.js';

export type ChargeType = 'TIME' | 'FIXED' | 'NON_CHARGEABLE';

/** A time entry's part in the totals. */
export interface LoggedTime {
  readonly minutes: number;
  readonly invoiced: boolean;
}

/** A task's own figures: its charge type, rate and whether a fixed task has been invoiced. */
export interface TaskTerms {
  readonly chargeType: ChargeType;
  readonly rateCents: number;
  readonly fixedInvoiced: boolean;
}

/** A task's computed figures. */
export interface TaskFigures {
  readonly totalMinutes: number;
  readonly minutesInvoiced: number;
  readonly minutesToBeInvoiced: number;
  readonly fixedMinutes: number;
  readonly nonChargeableMinutes: number;
  readonly totalCents: number;
  readonly invoicedCents: number;
  readonly toBeInvoicedCents: number;
}

/** Works out a task's figures from its terms and the time logged on it. */
export function taskFigures(terms: TaskTerms, logged: readonly LoggedTime[]): TaskFigures {
  const totalMinutes = logged.reduce((n, t) => n + t.minutes, 0);
  const invoicedMinutes = logged.filter((t) => t.invoiced).reduce((n, t) => n + t.minutes, 0);
  const zero = { minutesInvoiced: 0, minutesToBeInvoiced: 0, fixedMinutes: 0, nonChargeableMinutes: 0 };
  switch (terms.chargeType) {
    case 'TIME': {
      const totalCents = Math.round((terms.rateCents * totalMinutes) / 60);
      const invoicedCents = Math.round((terms.rateCents * invoicedMinutes) / 60);
      return { ...zero, totalMinutes, minutesInvoiced: invoicedMinutes, minutesToBeInvoiced: totalMinutes - invoicedMinutes, totalCents, invoicedCents, toBeInvoicedCents: totalCents - invoicedCents };
    }
    case 'FIXED': {
      const invoicedCents = terms.fixedInvoiced ? terms.rateCents : 0;
      return { ...zero, totalMinutes, fixedMinutes: totalMinutes, totalCents: terms.rateCents, invoicedCents, toBeInvoicedCents: terms.rateCents - invoicedCents };
    }
    case 'NON_CHARGEABLE':
      return { ...zero, totalMinutes, nonChargeableMinutes: totalMinutes, totalCents: 0, invoicedCents: 0, toBeInvoicedCents: 0 };
  }
}

/** A project's expenses, which the Projects API totals but does not list. */
export interface ExpenseFigures {
  readonly totalCents: number;
  readonly invoicedCents: number;
}

/** The project's totals fields, in the order Xero writes them, from its tasks' figures. */
export function projectTotals(currency: string, tasks: readonly TaskFigures[], expenses: ExpenseFigures): XeroRecord {
  const sum = (pick: (t: TaskFigures) => number): number => tasks.reduce((n, t) => n + pick(t), 0);
  const money = (cents: number): XeroRecord => ({ currency, value: cents / 100 });
  const taskInvoiced = sum((t) => t.invoicedCents);
  const taskToBeInvoiced = sum((t) => t.toBeInvoicedCents);
  const expenseToBeInvoiced = expenses.totalCents - expenses.invoicedCents;
  const projectInvoiced = 0;
  return {
    minutesLogged: sum((t) => t.totalMinutes),
    totalTaskAmount: money(sum((t) => t.totalCents)),
    totalExpenseAmount: money(expenses.totalCents),
    minutesToBeInvoiced: sum((t) => t.minutesToBeInvoiced),
    taskAmountToBeInvoiced: money(taskToBeInvoiced),
    taskAmountInvoiced: money(taskInvoiced),
    expenseAmountToBeInvoiced: money(expenseToBeInvoiced),
    expenseAmountInvoiced: money(expenses.invoicedCents),
    projectAmountInvoiced: money(projectInvoiced),
    deposit: money(0),
    depositApplied: money(0),
    creditNoteAmount: money(0),
    totalInvoiced: money(taskInvoiced + expenses.invoicedCents + projectInvoiced),
    totalToBeInvoiced: money(taskToBeInvoiced + expenseToBeInvoiced),
  };
}
