/**
 * The Accounting API's report endpoints (`/Reports/*`, xero-api-endpoints.md §1 "Reports"),
 * computed from each organisation's own journals so that every figure agrees with `/Journals`,
 * `/Invoices`, `/Budgets` and the other collections.
 *
 * Scopes (xero-platform-facts.md §5.4): each report accepts the broad `accounting.reports.read`
 * or its granular scope. UNCERTAIN: the granular scope of `/Reports` and `/Reports/{ReportID}`,
 * which list and fetch published tax reports (AU BAS, NZ GST); `accounting.reports.taxreports.read`
 * is the granular scope named for tax reports, so it is accepted there.
 */
import type { ApiCall, ApiRouteDef } from '../../api.js';
import type { SimResponse } from '../../http.js';
import { notFound } from '../responses.js';
import { buildAgedByContact } from './aged-by-contact.js';
import { buildBalanceSheet } from './balance-sheet.js';
import { buildBankSummary } from './bank-summary.js';
import { buildBudgetSummary } from './budget-summary.js';
import { buildExecutiveSummary } from './executive-summary.js';
import { paramErrorResponse, ReportParamError } from './params.js';
import { buildProfitAndLoss } from './profit-and-loss.js';
import { finishReport, reportsResponse, type ReportBody } from './report.js';
import { buildTenNinetyNine } from './ten-ninety-nine.js';
import { buildTrialBalance } from './trial-balance.js';

const REPORTS_BASE = '/api.xro/2.0/Reports';
const BROAD = 'accounting.reports.read';

/** Answers a rejected parameter with Xero's 400 instead of failing the request. */
function guarded(answer: (call: ApiCall) => SimResponse): (call: ApiCall) => SimResponse {
  return (call) => {
    try {
      return answer(call);
    } catch (error) {
      if (error instanceof ReportParamError) return paramErrorResponse(error);
      throw error;
    }
  };
}

/** A route serving one report with rows; a builder answering undefined means "not found". */
function reportRoute(name: string, scope: string, build: (call: ApiCall) => ReportBody | undefined): ApiRouteDef {
  return {
    pattern: `${REPORTS_BASE}/${name}`,
    scopes: [BROAD, scope],
    handler: guarded((call) => {
      const body = build(call);
      return body ? reportsResponse(call, [finishReport(call, body)]) : notFound();
    }),
  };
}

/** Every `/Reports` route, for the Accounting API's route table. */
export function createReportRoutes(): ApiRouteDef[] {
  const taxReports = [BROAD, 'accounting.reports.taxreports.read'];
  return [
    reportRoute('BalanceSheet', 'accounting.reports.balancesheet.read', buildBalanceSheet),
    reportRoute('ProfitAndLoss', 'accounting.reports.profitandloss.read', buildProfitAndLoss),
    reportRoute('TrialBalance', 'accounting.reports.trialbalance.read', buildTrialBalance),
    reportRoute('BankSummary', 'accounting.reports.banksummary.read', buildBankSummary),
    reportRoute('BudgetSummary', 'accounting.reports.budgetsummary.read', buildBudgetSummary),
    reportRoute('ExecutiveSummary', 'accounting.reports.executivesummary.read', buildExecutiveSummary),
    reportRoute('AgedPayablesByContact', 'accounting.reports.aged.read', (call) => buildAgedByContact(call, 'payables')),
    reportRoute('AgedReceivablesByContact', 'accounting.reports.aged.read', (call) => buildAgedByContact(call, 'receivables')),
    {
      pattern: `${REPORTS_BASE}/TenNinetyNine`,
      scopes: [BROAD, 'accounting.reports.tenninetynine.read'],
      handler: guarded((call) => reportsResponse(call, buildTenNinetyNine(call))),
    },
    {
      // The organisation's published reports (AU BAS, NZ GST returns) that are fetched by id.
      // The simulated books have published none, so the list is empty.
      pattern: REPORTS_BASE,
      scopes: taxReports,
      handler: (call) => reportsResponse(call, []),
    },
    {
      // Named reports have their own routes, which the router prefers; any other id is unknown.
      pattern: `${REPORTS_BASE}/:ReportID`,
      scopes: taxReports,
      handler: () => notFound(),
    },
  ];
}
