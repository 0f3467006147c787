/**
 * The organisation's accounts that payroll posts to, found in its Accounting chart so that every
 * account code a payroll record names is a real account of the books (Xero's AU chart calls them
 * Wages and Salaries 477, Superannuation 478, Wages Payable - Payroll 804, PAYG Withholdings
 * Payable 825 and Superannuation Payable 826; see the spec's `/Settings` example).
 */
import type { XeroRecord } from '../data/types.js';

/** An account as payroll refers to it. */
export interface AccountRef {
  readonly id: string;
  readonly code: string;
  readonly name: string;
}

/** The accounts of the payroll settings and pay items. */
export interface PayrollAccounts {
  /** The bank account wages are paid from. */
  readonly bank: AccountRef;
  readonly wagesExpense: AccountRef;
  readonly superExpense: AccountRef;
  readonly wagesPayable: AccountRef;
  readonly paygLiability: AccountRef;
  readonly superLiability: AccountRef;
  /** Where deductions are held until paid on (union fees, donations). */
  readonly deductionsLiability: AccountRef;
  /** Where reimbursed staff expenses are charged. */
  readonly reimbursementsExpense: AccountRef;
}

interface Want {
  readonly name?: RegExp;
  readonly system?: string;
  readonly types: readonly string[];
}

const WANTED: { readonly [K in keyof PayrollAccounts]: readonly Want[] } = {
  bank: [{ name: /business bank/i, types: ['BANK'] }, { types: ['BANK'] }],
  wagesExpense: [{ name: /wages|salar/i, types: ['EXPENSE', 'OVERHEADS', 'DIRECTCOSTS'] }, { types: ['EXPENSE', 'OVERHEADS'] }],
  superExpense: [{ name: /superannuation$/i, types: ['EXPENSE', 'OVERHEADS'] }, { name: /super/i, types: ['EXPENSE', 'OVERHEADS'] }],
  wagesPayable: [{ system: 'WAGEPAYABLES', types: ['CURRLIAB'] }, { name: /wages payable/i, types: ['CURRLIAB', 'LIABILITY'] }],
  paygLiability: [{ name: /payg/i, types: ['CURRLIAB', 'LIABILITY'] }],
  superLiability: [{ name: /superannuation payable|super.*payable/i, types: ['CURRLIAB', 'LIABILITY'] }],
  deductionsLiability: [{ name: /suspense/i, types: ['CURRLIAB', 'LIABILITY'] }],
  reimbursementsExpense: [{ name: /travel - national|travel/i, types: ['EXPENSE', 'OVERHEADS'] }, { name: /general expenses/i, types: ['EXPENSE', 'OVERHEADS'] }],
};

/**
 * Looks the payroll accounts up among the active accounts by name, system role and type; an
 * account that is missing falls back to wages payable (liabilities) or wages expense (expenses),
 * and those to any account of their class, so a chart without one still yields a usable code.
 */
export function findPayrollAccounts(accounts: readonly XeroRecord[]): PayrollAccounts {
  const active = accounts.filter((a) => a.Status === 'ACTIVE' && typeof a.Code === 'string');
  const find = (wants: readonly Want[]): AccountRef | undefined => {
    for (const want of wants) {
      const hit = active.find(
        (a) =>
          want.types.includes(String(a.Type)) &&
          (want.name === undefined || want.name.test(String(a.Name))) &&
          (want.system === undefined || a.SystemAccount === want.system),
      );
      if (hit) return { id: String(hit.AccountID), code: String(hit.Code), name: String(hit.Name) };
    }
    return undefined;
  };
  const anyOf = (types: readonly string[]): AccountRef => {
    const hit = active.find((a) => types.includes(String(a.Type))) ?? active[0];
    if (!hit) throw new RangeError('the organisation has no active accounts for payroll to post to');
    return { id: String(hit.AccountID), code: String(hit.Code), name: String(hit.Name) };
  };
  const wagesExpense = find(WANTED.wagesExpense) ?? anyOf(['EXPENSE', 'OVERHEADS']);
  const wagesPayable = find(WANTED.wagesPayable) ?? anyOf(['CURRLIAB', 'LIABILITY']);
  return {
    bank: find(WANTED.bank) ?? anyOf(['BANK']),
    wagesExpense,
    superExpense: find(WANTED.superExpense) ?? wagesExpense,
    wagesPayable,
    paygLiability: find(WANTED.paygLiability) ?? wagesPayable,
    superLiability: find(WANTED.superLiability) ?? wagesPayable,
    deductionsLiability: find(WANTED.deductionsLiability) ?? wagesPayable,
    reimbursementsExpense: find(WANTED.reimbursementsExpense) ?? wagesExpense,
  };
}
