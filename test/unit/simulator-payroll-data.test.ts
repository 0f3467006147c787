/**
 * The generated Payroll AU data hangs together: payslip arithmetic and pay run totals to the
 * cent, every id and account code resolves, v1 and v2 timesheets agree and match what the
 * payslips paid, leave balances follow from opening balances, accruals and leave taken, nothing
 * is dated after the books' "today" but booked leave, and the same seed gives the same payroll.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_AS_OF_MS, generateOrganisations } from '../../src/simulator/data/generate.js';
import { Random } from '../../src/simulator/data/random.js';
import type { ApiData, Json, XeroRecord } from '../../src/simulator/data/types.js';
import { employeeCount, generatePayroll } from '../../src/simulator/payroll/generate.js';
import { isValidTfn } from '../../src/simulator/payroll/people.js';
import { isValidAbn } from '../../src/simulator/payroll/super-funds.js';

const orgs = generateOrganisations({ seed: 42, scale: 1, asOfMs: DEFAULT_AS_OF_MS });
const au = orgs[0]!;
const c = au.payroll!.collections as Record<string, XeroRecord[]>;
const all = (name: string): XeroRecord[] => c[name] ?? assert.fail(`no ${name} collection`);

const cents = (v: Json | undefined): number => Math.round(Number(v) * 100);
const ms = (v: Json | undefined): number => Number(/^\/Date\((\d+)\+0000\)\/$/.exec(String(v))?.[1] ?? Number.NaN);
const list = (v: Json | undefined): XeroRecord[] => (Array.isArray(v) ? (v as XeroRecord[]) : []);
const sum = (lines: XeroRecord[], field: string) => lines.reduce((s, l) => s + cents(l[field]), 0);
/** `rate × units` rounded to the cent, from their JSON values. */
const rateTimesUnits = (l: XeroRecord) => Math.round((Math.round(Number(l.RatePerUnit) * 10_000) * Math.round(Number(l.NumberOfUnits) * 100)) / 10_000);
const idSet = (name: string, field: string) => new Set(all(name).map((r) => String(r[field])));

describe('Payroll AU data: money', () => {
  it('every payslip adds up: Wages = earnings lines, NetPay = Wages - Tax - Deductions + Reimbursements', () => {
    const payslips = all('Payslips');
    assert.ok(payslips.length > 50, `only ${payslips.length} payslips`);
    for (const p of payslips) {
      const earnings = [...list(p.EarningsLines), ...list(p.TimesheetEarningsLines)];
      for (const l of earnings) {
        const expected = l.FixedAmount !== undefined ? cents(l.FixedAmount) : rateTimesUnits(l);
        assert.equal(cents(l.Amount), expected, `payslip ${p.PayslipID}: line amount is rate × units`);
      }
      const wages = sum(earnings, 'Amount') + list(p.LeaveEarningsLines).reduce((s, l) => s + rateTimesUnits(l), 0);
      assert.equal(cents(p.Wages), wages, `payslip ${p.PayslipID} Wages`);
      assert.equal(cents(p.Tax), sum(list(p.TaxLines), 'Amount'), `payslip ${p.PayslipID} Tax`);
      assert.equal(cents(p.Super), sum(list(p.SuperannuationLines), 'Amount'), `payslip ${p.PayslipID} Super`);
      assert.equal(cents(p.Deductions), sum(list(p.DeductionLines), 'Amount'), `payslip ${p.PayslipID} Deductions`);
      assert.equal(cents(p.Reimbursements), sum(list(p.ReimbursementLines), 'Amount'), `payslip ${p.PayslipID} Reimbursements`);
      assert.equal(cents(p.NetPay), cents(p.Wages) - cents(p.Tax) - cents(p.Deductions) + cents(p.Reimbursements), `payslip ${p.PayslipID} NetPay`);
      assert.ok(cents(p.NetPay) >= 0, `payslip ${p.PayslipID} pays a negative amount`);
      // Amounts are whole cents, printed as such.
      for (const f of ['Wages', 'Tax', 'Super', 'Deductions', 'Reimbursements', 'NetPay']) assert.equal(Number(p[f]), cents(p[f]) / 100);
    }
  });

  it('pay run totals are the sums of their payslips, and the summaries match the payslips', () => {
    const byId = new Map(all('Payslips').map((p) => [String(p.PayslipID), p]));
    const seen = new Set<string>();
    for (const run of all('PayRuns')) {
      const slips = list(run.Payslips);
      assert.ok(slips.length > 0, `pay run ${run.PayRunID} has no payslips`);
      const pairs: [string, string][] = [['Wages', 'Wages'], ['Deductions', 'Deductions'], ['Tax', 'Tax'], ['Super', 'Super'], ['Reimbursement', 'Reimbursements'], ['NetPay', 'NetPay']];
      for (const [runField, slipField] of pairs) assert.equal(cents(run[runField]), sum(slips, slipField), `pay run ${run.PayRunID} ${runField}`);
      for (const s of slips) {
        const full = byId.get(String(s.PayslipID));
        assert.ok(full, `pay run ${run.PayRunID} lists an unknown payslip`);
        for (const f of ['EmployeeID', 'FirstName', 'LastName', 'Wages', 'Deductions', 'Tax', 'Super', 'Reimbursements', 'NetPay', 'UpdatedDateUTC']) assert.equal(s[f], full[f], `summary ${f}`);
        assert.ok(!seen.has(String(s.PayslipID)), 'a payslip is in two pay runs');
        seen.add(String(s.PayslipID));
      }
    }
    assert.equal(seen.size, byId.size, 'every payslip belongs to a pay run');
  });

  it('pay runs: six months posted, one draft per calendar paid on "today", on the calendar dates', () => {
    const runs = all('PayRuns');
    const calendars = all('PayrollCalendars');
    for (const cal of calendars) {
      const mine = runs.filter((r) => r.PayrollCalendarID === cal.PayrollCalendarID);
      const drafts = mine.filter((r) => r.PayRunStatus === 'DRAFT');
      assert.equal(drafts.length, 1, `${cal.Name} has one draft`);
      assert.equal(drafts[0], mine[mine.length - 1], 'the draft is the latest');
      assert.ok(mine.length >= 6, `${cal.Name} has ${mine.length} pay runs`);
      assert.equal(cal.StartDate, drafts[0]!.PayRunPeriodStartDate, 'the calendar is at the draft period');
      assert.equal(cal.PaymentDate, drafts[0]!.PaymentDate);
      assert.ok(ms(drafts[0]!.PaymentDate) <= DEFAULT_AS_OF_MS);
      for (let i = 1; i < mine.length; i++) {
        assert.equal(ms(mine[i]!.PayRunPeriodStartDate), ms(mine[i - 1]!.PayRunPeriodEndDate) + 86_400_000, 'periods follow one another');
      }
      assert.equal(cal.ReferenceDate, mine[0]!.PayRunPeriodStartDate);
    }
    assert.deepEqual(new Set(calendars.map((k) => k.CalendarType)), new Set(['FORTNIGHTLY', 'MONTHLY']));
  });
});

describe('Payroll AU data: references', () => {
  const employees = idSet('Employees', 'EmployeeID');
  const calendars = idSet('PayrollCalendars', 'PayrollCalendarID');
  const earnings = idSet('EarningsRates', 'EarningsRateID');
  const deductions = idSet('DeductionTypes', 'DeductionTypeID');
  const reimbursements = idSet('ReimbursementTypes', 'ReimbursementTypeID');
  const leaveTypes = idSet('LeaveTypes', 'LeaveTypeID');
  const funds = idSet('SuperFunds', 'SuperFundID');
  const accounts = new Map(au.accounting.collections.Accounts.map((a) => [String(a.Code), a]));
  const hasAccount = (code: Json | undefined, what: string) => assert.ok(accounts.has(String(code)), `${what}: account code ${String(code)} is not in the chart`);

  it('employees, calendars, earnings rates, deduction, reimbursement and leave types resolve', () => {
    for (const e of all('Employees')) {
      assert.ok(calendars.has(String(e.PayrollCalendarID)), 'employee calendar');
      assert.ok(earnings.has(String(e.OrdinaryEarningsRateID)), 'ordinary earnings rate');
      const t = e.PayTemplate as XeroRecord;
      for (const l of list(t.EarningsLines)) assert.ok(earnings.has(String(l.EarningsRateID)), 'template earnings rate');
      for (const l of list(t.DeductionLines)) assert.ok(deductions.has(String(l.DeductionTypeID)), 'template deduction type');
      for (const l of list(t.LeaveLines)) assert.ok(leaveTypes.has(String(l.LeaveTypeID)), 'template leave type');
      for (const l of list(t.SuperLines)) {
        hasAccount(l.ExpenseAccountCode, 'super expense');
        hasAccount(l.LiabilityAccountCode, 'super liability');
      }
      for (const l of list((e.OpeningBalances as XeroRecord).LeaveLines)) assert.ok(leaveTypes.has(String(l.LeaveTypeID)), 'opening leave type');
      for (const b of list(e.LeaveBalances)) assert.ok(leaveTypes.has(String(b.LeaveTypeID)), 'balance leave type');
      for (const m of list(e.SuperMemberships)) assert.ok(funds.has(String(m.SuperFundID)), 'super fund');
      assert.equal((e.TaxDeclaration as XeroRecord).EmployeeID, e.EmployeeID);
      assert.ok(isValidTfn(String((e.TaxDeclaration as XeroRecord).TaxFileNumber)), 'TFN passes the ATO check');
    }
    for (const p of all('Payslips')) {
      assert.ok(employees.has(String(p.EmployeeID)), 'payslip employee');
      const employee = all('Employees').find((e) => e.EmployeeID === p.EmployeeID)!;
      const memberships = new Set(list(employee.SuperMemberships).map((m) => String(m.SuperMembershipID)));
      for (const l of [...list(p.EarningsLines), ...list(p.TimesheetEarningsLines), ...list(p.LeaveEarningsLines)]) assert.ok(earnings.has(String(l.EarningsRateID)), 'payslip earnings rate');
      for (const l of list(p.DeductionLines)) assert.ok(deductions.has(String(l.DeductionTypeID)), 'payslip deduction type');
      for (const l of list(p.ReimbursementLines)) assert.ok(reimbursements.has(String(l.ReimbursementTypeID)), 'payslip reimbursement type');
      for (const l of list(p.LeaveAccrualLines)) assert.ok(leaveTypes.has(String(l.LeaveTypeID)), 'payslip accrual leave type');
      for (const l of list(p.SuperannuationLines)) assert.ok(memberships.has(String(l.SuperMembershipID)), "payslip super line: the employee's membership");
    }
    for (const r of all('PayRuns')) assert.ok(calendars.has(String(r.PayrollCalendarID)), 'pay run calendar');
    for (const t of all('Timesheets')) {
      assert.ok(employees.has(String(t.EmployeeID)), 'timesheet employee');
      for (const l of list(t.TimesheetLines)) assert.ok(earnings.has(String(l.EarningsRateID)), 'timesheet earnings rate');
    }
    for (const l of all('LeaveApplications')) {
      assert.ok(employees.has(String(l.EmployeeID)), 'leave employee');
      assert.ok(leaveTypes.has(String(l.LeaveTypeID)), 'leave type');
    }
  });

  it('account codes are accounts of the books, and Settings names them by id too', () => {
    for (const r of [...all('EarningsRates'), ...all('DeductionTypes'), ...all('ReimbursementTypes')]) hasAccount(r.AccountCode, String(r.Name));
    for (const p of all('Payslips')) {
      for (const l of list(p.TaxLines)) if (l.LiabilityAccount !== undefined) hasAccount(l.LiabilityAccount, 'PAYG liability');
      for (const l of list(p.ReimbursementLines)) if (l.ExpenseAccount !== undefined) hasAccount(l.ExpenseAccount, 'reimbursement expense');
      for (const l of list(p.SuperannuationLines)) {
        hasAccount(l.ExpenseAccountCode, 'super expense');
        hasAccount(l.LiabilityAccountCode, 'super liability');
      }
    }
    const settings = all('Settings')[0]!;
    const byType = new Map(list(settings.Accounts).map((a) => [String(a.Type), a]));
    for (const a of list(settings.Accounts)) {
      const book = accounts.get(String(a.Code));
      assert.ok(book && book.AccountID === a.AccountID && book.Name === a.Name, `settings account ${String(a.Code)}`);
    }
    assert.equal(byType.get('WAGESEXPENSE')?.Code, '477');
    assert.equal(byType.get('SUPERANNUATIONEXPENSE')?.Code, '478');
    assert.equal(byType.get('WAGESPAYABLELIABILITY')?.Code, '804');
    assert.equal(byType.get('PAYGLIABILITY')?.Code, '825');
    assert.equal(byType.get('SUPERANNUATIONLIABILITY')?.Code, '826');
    assert.equal(byType.get('BANK')?.Code, '090');
    const ordinary = all('EarningsRates').find((r) => r.Name === 'Ordinary Hours');
    assert.equal(ordinary?.AccountCode, '477');
  });

  it('tracking categories of the settings are the books\' and employees use their options', () => {
    const settings = all('Settings')[0]!;
    const tracking = settings.TrackingCategories as XeroRecord;
    const books = au.accounting.collections.TrackingCategories;
    const category = (ref: Json | undefined) => books.find((b) => b.TrackingCategoryID === (ref as XeroRecord).TrackingCategoryID);
    const groups = category(tracking.EmployeeGroups);
    const timesheets = category(tracking.TimesheetCategories);
    assert.ok(groups && timesheets, 'both tracking categories are in the books');
    const groupNames = new Set(list(groups.Options).map((o) => String(o.Name)));
    const optionIds = new Set(list(timesheets.Options).map((o) => String(o.TrackingOptionID)));
    for (const e of all('Employees')) if (e.EmployeeGroupName !== undefined) assert.ok(groupNames.has(String(e.EmployeeGroupName)));
    let tagged = 0;
    for (const t of all('Timesheets')) {
      for (const l of list(t.TimesheetLines)) {
        if (l.TrackingItemID === undefined) continue;
        tagged++;
        assert.ok(optionIds.has(String(l.TrackingItemID)));
      }
    }
    assert.ok(tagged > 0, 'some timesheet hours are tracked');
  });

  it('super funds: a regulated fund with a USI from the product register, an SMSF with bank details, valid ABNs', () => {
    const fundsList = all('SuperFunds');
    const products = all('SuperFundProducts');
    const regulated = fundsList.filter((f) => f.Type === 'REGULATED');
    const smsf = fundsList.filter((f) => f.Type === 'SMSF');
    assert.ok(regulated.length >= 1 && smsf.length >= 1);
    for (const f of regulated) assert.ok(products.some((p) => p.USI === f.USI && p.ABN === f.ABN), `${String(f.Name)} is in the register`);
    for (const f of smsf) {
      assert.ok(f.BSB && f.AccountNumber && f.ElectronicServiceAddress);
      const members = all('Employees').filter((e) => list(e.SuperMemberships).some((m) => m.SuperFundID === f.SuperFundID));
      assert.equal(members.length, 1, 'a self-managed fund has one member here');
      assert.ok(String(f.Name).startsWith(String(members[0]!.LastName)), 'named after its family');
    }
    for (const abn of [...fundsList, ...products].map((r) => String(r.ABN))) assert.ok(isValidAbn(abn), `ABN ${abn}`);
  });
});

describe('Payroll AU data: timesheets, leave and dates', () => {
  it('v1 and v2 timesheets are the same timesheets', () => {
    const v1 = all('Timesheets');
    const v2 = all('TimesheetsV2');
    const employees = new Map(all('Employees').map((e) => [String(e.EmployeeID), e]));
    const day = (msDate: Json | undefined) => new Date(ms(msDate)).toISOString().slice(0, 19);
    const statuses: Record<string, string> = { PROCESSED: 'Completed', APPROVED: 'Approved', DRAFT: 'Draft' };
    assert.equal(v1.length, v2.length);
    assert.ok(v1.length > 40);
    v1.forEach((a, i) => {
      const b = v2[i]!;
      assert.equal(b.timesheetID, a.TimesheetID);
      assert.equal(b.employeeID, a.EmployeeID);
      assert.equal(b.payrollCalendarID, employees.get(String(a.EmployeeID))?.PayrollCalendarID);
      assert.equal(b.startDate, day(a.StartDate));
      assert.equal(b.endDate, day(a.EndDate));
      assert.equal(b.status, statuses[String(a.Status)]);
      assert.equal(b.totalHours, a.Hours);
      assert.equal(b.updatedDateUTC, day(a.UpdatedDateUTC));
      // v1 has one figure per day of the period; v2 one line per day and rate that has hours.
      const days = (ms(a.EndDate) - ms(a.StartDate)) / 86_400_000 + 1;
      const expected: string[] = [];
      for (const line of list(a.TimesheetLines)) {
        const units = line.NumberOfUnits as number[];
        assert.equal(units.length, days);
        units.forEach((u, d) => {
          if (u !== 0) expected.push(`${new Date(ms(a.StartDate) + d * 86_400_000).toISOString().slice(0, 19)} ${String(line.EarningsRateID)} ${u}`);
        });
      }
      const actual = list(b.timesheetLines).map((l) => `${String(l.date)} ${String(l.earningsRateID)} ${String(l.numberOfUnits)}`);
      assert.deepEqual(actual.sort(), expected.sort());
      const total = list(a.TimesheetLines).reduce((s, l) => s + (l.NumberOfUnits as number[]).reduce((x, y) => x + Math.round(y * 100), 0), 0);
      assert.equal(Math.round(Number(a.Hours) * 100), total);
    });
  });

  it('payslips pay the hours of processed and approved timesheets', () => {
    const runs = all('PayRuns');
    const slips = new Map(all('Payslips').map((p) => [String(p.PayslipID), p]));
    let checked = 0;
    for (const t of all('Timesheets')) {
      const run = runs.find((r) => r.PayRunPeriodStartDate === t.StartDate && list(r.Payslips).some((s) => s.EmployeeID === t.EmployeeID));
      assert.ok(run, `timesheet ${String(t.TimesheetID)} has a pay run`);
      assert.equal(t.Status, run.PayRunStatus === 'POSTED' ? 'PROCESSED' : t.Status === 'DRAFT' ? 'DRAFT' : 'APPROVED');
      const slip = slips.get(String(list(run.Payslips).find((s) => s.EmployeeID === t.EmployeeID)!.PayslipID))!;
      const paid = new Map(list(slip.TimesheetEarningsLines).map((l) => [String(l.EarningsRateID), Math.round(Number(l.NumberOfUnits) * 100)]));
      for (const line of list(t.TimesheetLines)) {
        const hours = (line.NumberOfUnits as number[]).reduce((s, u) => s + Math.round(u * 100), 0);
        assert.equal(paid.get(String(line.EarningsRateID)) ?? 0, t.Status === 'DRAFT' ? 0 : hours, 'timesheet hours paid');
      }
      checked++;
    }
    assert.ok(checked > 40);
  });

  it('leave: processed leave is paid in posted pay runs, balances = opening + accrued - taken', () => {
    const apps = all('LeaveApplications');
    const states = new Set(apps.flatMap((a) => list(a.LeavePeriods).map((p) => String(p.LeavePeriodStatus))));
    assert.deepEqual([...states].sort(), ['PROCESSED', 'REJECTED', 'REQUESTED', 'SCHEDULED']);
    const posted = all('PayRuns').filter((r) => r.PayRunStatus === 'POSTED');
    const slips = new Map(all('Payslips').map((p) => [String(p.PayslipID), p]));
    const takenIn = new Map<string, number>(); // employee|period -> hours100
    const takenByType = new Map<string, number>(); // employee|type -> hours100
    for (const a of apps) {
      for (const p of list(a.LeavePeriods)) {
        if (p.LeavePeriodStatus !== 'PROCESSED') continue;
        const key = `${String(a.EmployeeID)}|${String(p.PayPeriodStartDate)}`;
        takenIn.set(key, (takenIn.get(key) ?? 0) + Math.round(Number(p.NumberOfUnits) * 100));
        const byType = `${String(a.EmployeeID)}|${String(a.LeaveTypeID)}`;
        takenByType.set(byType, (takenByType.get(byType) ?? 0) + Math.round(Number(p.NumberOfUnits) * 100));
        assert.ok(
          posted.some((r) => r.PayRunPeriodStartDate === p.PayPeriodStartDate && r.PayRunPeriodEndDate === p.PayPeriodEndDate),
          'processed leave is in a posted pay period',
        );
      }
    }
    assert.ok(takenIn.size > 0, 'someone took leave');
    const accrued = new Map<string, number>(); // employee|type -> units10000
    for (const run of posted) {
      for (const s of list(run.Payslips)) {
        const slip = slips.get(String(s.PayslipID))!;
        const leaveHours = list(slip.LeaveEarningsLines).reduce((sum, l) => sum + Math.round(Number(l.NumberOfUnits) * 100), 0);
        assert.equal(leaveHours, takenIn.get(`${String(s.EmployeeID)}|${String(run.PayRunPeriodStartDate)}`) ?? 0, 'leave paid = leave processed');
        for (const l of list(slip.LeaveAccrualLines)) {
          const key = `${String(s.EmployeeID)}|${String(l.LeaveTypeID)}`;
          accrued.set(key, (accrued.get(key) ?? 0) + Math.round(Number(l.NumberOfUnits) * 10_000));
        }
      }
    }
    for (const e of all('Employees')) {
      const opening = new Map(list((e.OpeningBalances as XeroRecord).LeaveLines).map((l) => [String(l.LeaveTypeID), Math.round(Number(l.NumberOfUnits) * 10_000)]));
      for (const b of list(e.LeaveBalances)) {
        const key = `${String(e.EmployeeID)}|${String(b.LeaveTypeID)}`;
        const expected = (opening.get(String(b.LeaveTypeID)) ?? 0) + (accrued.get(key) ?? 0) - (takenByType.get(key) ?? 0) * 100;
        assert.equal(Math.round(Number(b.NumberOfUnits) * 10_000), expected, `${String(e.FirstName)} ${String(b.LeaveName)} balance`);
        assert.ok(expected >= 0, 'no negative leave balance');
      }
    }
  });

  it('nothing is dated after "today" except booked leave', () => {
    const asOf = DEFAULT_AS_OF_MS;
    const late: string[] = [];
    // Dates may be today (the draft pay runs are paid today); timestamps are before it.
    const walk = (v: Json | undefined, path: string) => {
      if (typeof v === 'string') {
        const m = /^\/Date\((\d+)\+0000\)\/$/.exec(v) ?? /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})$/.exec(v);
        if (!m) return;
        const when = m[1]!.includes('T') ? Date.parse(`${m[1]!}Z`) : Number(m[1]);
        const limit = path.endsWith('UTC') ? asOf - 1 : asOf;
        if (when > limit) late.push(`${path}=${v}`);
      } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    };
    for (const [name, records] of Object.entries(c)) {
      for (const r of records) {
        const booked = name === 'LeaveApplications' && list(r.LeavePeriods).every((p) => p.LeavePeriodStatus !== 'PROCESSED');
        if (booked) {
          assert.ok(ms(r.UpdatedDateUTC) < asOf, 'booked leave was booked before today');
          continue;
        }
        walk(r, name);
      }
    }
    assert.deepEqual(late.slice(0, 5), []);
    assert.ok(all('LeaveApplications').some((a) => ms(a.StartDate) > asOf), 'some leave is booked ahead');
  });
});

describe('Payroll AU data: shape of the payroll', () => {
  it('ten employees at scale 1, with every kind of employee; more with scale', () => {
    const employees = all('Employees');
    assert.equal(employees.length, employeeCount(1));
    assert.equal(employeeCount(1), 10);
    assert.equal(employeeCount(0.1), 8);
    assert.equal(employeeCount(12), 120);
    const bases = new Set(employees.map((e) => (e.TaxDeclaration as XeroRecord).EmploymentBasis));
    assert.deepEqual([...bases].sort(), ['CASUAL', 'FULLTIME', 'PARTTIME']);
    assert.ok(employees.some((e) => e.Status === 'TERMINATED' && e.TerminationDate !== undefined));
    assert.ok(employees.some((e) => ms(e.StartDate) > ms(all('PayRuns')[0]!.PayRunPeriodStartDate)), 'a new starter');
    assert.ok(employees.every((e) => (e.HomeAddress as XeroRecord).AddressLine1 && list(e.BankAccounts).length > 0));
  });

  it('the NZ organisation has no payroll', () => {
    assert.equal(orgs[1]!.countryCode, 'NZ');
    assert.equal(orgs[1]!.payroll, undefined);
  });

  it('is deterministic: the same stream gives the same payroll, another stream other ids', () => {
    // Whole-pipeline determinism (seed -> organisations, payroll included) is checked in
    // simulator-data-generate.test.ts; here, that payroll generation itself hides no other
    // source of randomness (no Math.random, no clock).
    const again = generatePayroll(au, new Random(7), 1);
    assert.equal(JSON.stringify(generatePayroll(au, new Random(7), 1)), JSON.stringify(again));
    const other = generatePayroll(au, new Random(8), 1);
    const ids = (d: ApiData) => (d.collections.Employees ?? []).map((e) => e.EmployeeID);
    assert.notDeepEqual(ids(other), ids(again));
    assert.equal(ids(other).length, ids(again).length);
  });
});
