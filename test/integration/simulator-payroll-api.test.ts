/**
 * Payroll AU over HTTP: each endpoint needs its own payroll scope (the `.read` form or the
 * read/write one; a token without it gets 401 AuthorizationUnsuccessful), an organisation
 * without Australian payroll is refused, and the If-Modified-Since header and `where` reach the
 * handlers as a client sends them. Paging and the query language are covered handler by handler
 * in test/unit/simulator-payroll-routes.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { XeroRecord } from '../../src/simulator/data/types.js';
import { authorizeViaHttp, exchangeCode } from '../helpers/oauth-flow.js';
import { apiGet, customConnectionToken } from '../helpers/sim-client.js';

let sim: Simulator;
let payroll: Record<string, XeroRecord[]>;
before(async () => {
  sim = await startSimulator({ seed: 29 });
  sim.rateLimits.update({ perMinute: 100_000 });
  payroll = sim.orgs[0]!.payroll!.collections as Record<string, XeroRecord[]>;
});
after(() => sim.close());

const first = (name: string, field: string) => String(payroll[name]![0]![field]);

/** One path per payroll endpoint family and the scope it needs. */
function endpoints(): { path: string; scope: string }[] {
  return [
    { path: '/payroll.xro/1.0/Employees', scope: 'payroll.employees' },
    { path: `/payroll.xro/1.0/Employees/${first('Employees', 'EmployeeID')}`, scope: 'payroll.employees' },
    { path: '/payroll.xro/1.0/LeaveApplications', scope: 'payroll.employees' },
    { path: '/payroll.xro/1.0/LeaveApplications/v2', scope: 'payroll.employees' },
    { path: '/payroll.xro/1.0/PayItems', scope: 'payroll.settings' },
    { path: '/payroll.xro/1.0/PayrollCalendars', scope: 'payroll.settings' },
    { path: '/payroll.xro/1.0/Settings', scope: 'payroll.settings' },
    { path: '/payroll.xro/1.0/Superfunds', scope: 'payroll.settings' },
    { path: '/payroll.xro/1.0/SuperfundProducts', scope: 'payroll.settings' },
    { path: '/payroll.xro/1.0/PayRuns', scope: 'payroll.payruns' },
    { path: `/payroll.xro/1.0/Payslip/${first('Payslips', 'PayslipID')}`, scope: 'payroll.payslip' },
    { path: '/payroll.xro/1.0/Timesheets', scope: 'payroll.timesheets' },
    { path: '/payroll.xro/2.0/Timesheets', scope: 'payroll.timesheets' },
    { path: `/payroll.xro/2.0/Timesheets/${first('TimesheetsV2', 'timesheetID')}`, scope: 'payroll.timesheets' },
  ];
}

describe('Payroll AU scopes', () => {
  it('each endpoint answers 200 with its scope and 401 AuthorizationUnsuccessful with any other', async () => {
    const scopes = ['payroll.employees', 'payroll.settings', 'payroll.payruns', 'payroll.payslip', 'payroll.timesheets'];
    const tokens = new Map<string, string>();
    for (const scope of scopes) tokens.set(scope, await customConnectionToken(sim, scope));
    tokens.set('accounting.settings', await customConnectionToken(sim, 'accounting.settings'));
    for (const { path, scope } of endpoints()) {
      for (const [granted, token] of tokens) {
        const res = await apiGet(sim, path, { token });
        if (granted === scope) {
          assert.equal(res.status, 200, `${path} with ${granted}`);
        } else {
          assert.equal(res.status, 401, `${path} with ${granted}`);
          assert.equal(res.json.Detail, 'AuthorizationUnsuccessful');
        }
      }
    }
  });
});

describe('Payroll AU with a person\'s token for both organisations', () => {
  let token: string;
  before(async () => {
    const web = sim.appRegistry.find((a) => a.kind === 'confidential')!;
    const scopes = ['offline_access', 'payroll.employees.read', 'payroll.timesheets.read'];
    const { code } = await authorizeViaHttp(sim, { app: web, scopes });
    const reply = await exchangeCode(sim, { app: web, code });
    token = String(reply.body.access_token);
  });

  it('the .read scopes admit reads, and only their endpoints', async () => {
    const au = sim.orgs[0]!.tenantId;
    assert.equal((await apiGet(sim, '/payroll.xro/1.0/Employees', { token, tenantId: au })).status, 200);
    assert.equal((await apiGet(sim, '/payroll.xro/2.0/Timesheets', { token, headers: { 'Xero-Tenant-Id': au } })).status, 200);
    const payRuns = await apiGet(sim, '/payroll.xro/1.0/PayRuns', { token, tenantId: au });
    assert.equal(payRuns.status, 401);
  });

  it('refuses the NZ organisation, which has no Australian payroll, with 403 on v1 and v2', async () => {
    const nz = sim.orgs[1]!;
    assert.equal(nz.countryCode, 'NZ');
    for (const path of ['/payroll.xro/1.0/Employees', `/payroll.xro/1.0/Employees/${first('Employees', 'EmployeeID')}`, '/payroll.xro/2.0/Timesheets']) {
      const res = await apiGet(sim, path, { token, tenantId: nz.tenantId });
      assert.equal(res.status, 403, path);
      assert.equal(res.json.Title, 'Forbidden');
      assert.match(res.json.Detail, /^AuthenticationUnsuccessful/);
    }
  });
});

describe('Payroll AU query parameters over HTTP', () => {
  let token: string;
  before(async () => {
    token = await customConnectionToken(sim);
  });

  it('If-Modified-Since (ISO, as SDKs send it) keeps records updated since then', async () => {
    const cut = Date.UTC(2026, 9, 1);
    const res = await apiGet(sim, '/payroll.xro/1.0/PayRuns', { token, headers: { 'If-Modified-Since': '2026-10-01T00:00:00' } });
    const expected = payroll.PayRuns!.filter((r) => Number(/\d+/.exec(String(r.UpdatedDateUTC))![0]) >= cut);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.PayRuns.map((r: XeroRecord) => r.PayRunID), expected.map((r) => r.PayRunID));
    assert.ok(expected.length > 0 && expected.length < payroll.PayRuns!.length);
  });

  it('where and order arrive URL-encoded and apply', async () => {
    const initial = String(payroll.Employees![0]!.LastName).slice(0, 1);
    const where = `Status=="ACTIVE" && LastName.StartsWith("${initial}")`;
    const res = await apiGet(sim, '/payroll.xro/1.0/Employees', { token, query: { where, order: 'Email DESC' } });
    assert.equal(res.status, 200);
    const emails = res.json.Employees.map((e: XeroRecord) => String(e.Email).toLowerCase());
    assert.ok(emails.length > 0);
    assert.deepEqual(emails, [...emails].sort().reverse());
    assert.ok(res.json.Employees.every((e: XeroRecord) => e.Status === 'ACTIVE'));
  });
});
