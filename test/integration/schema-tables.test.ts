/**
 * PAYROLLAUS, FILES, ASSETS and PROJECTS through the driver, end to end against the simulator:
 * every table answers `SELECT *` with exactly the rows the API holds (child tables read per
 * parent, by fan-out or from WHERE), pushed filters reach Xero (the request log shows them),
 * joins within a schema agree with the simulator's data, and each paging strategy and date
 * format declared for these APIs is exercised.
 *
 * Every assert.ok here has a message: without one, a failing assert.ok makes Node re-read and
 * parse this (tsx-compiled) file to describe the expression, which can spin for minutes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadCatalog, toRows } from '../../src/catalog/index.js';
import type { TableDef } from '../../src/catalog/table-def.js';
import type { SchemaName } from '../../src/connection/properties.js';
import { connect, type Connection } from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { XeroRecord } from '../../src/simulator/data/types.js';
import { fetchPages } from '../helpers/catalog-fetch.js';
import { customConnectionToken } from '../helpers/sim-client.js';

const catalog = loadCatalog();
const SCHEMAS: readonly SchemaName[] = ['PAYROLLAUS', 'FILES', 'ASSETS', 'PROJECTS'];

let sim: Simulator;
let token: string;
const conns = new Map<SchemaName, Connection>();
const conn = (schema: SchemaName) => conns.get(schema) as Connection;

async function open(s: Simulator, schema: SchemaName, extra = ''): Promise<Connection> {
  const cc = s.appRegistry.find((a) => a.kind === 'custom-connection')!;
  return connect(`AuthScheme=OAuthClient;OAuthClientId=${cc.clientId};OAuthClientSecret=${cc.clientSecret};BaseURL=${s.url};Schema=${schema};${extra}`, {
    rateLimitWindowMs: 1000,
  });
}

before(async () => {
  sim = await startSimulator({ seed: 71, timeScale: 60 });
  // The test's own raw reads (to compute the expected rows) are not paced like the driver's.
  sim.rateLimits.update({ perMinute: 100_000 });
  token = await customConnectionToken(sim);
  for (const schema of SCHEMAS) conns.set(schema, await open(sim, schema));
});
after(async () => {
  for (const c of conns.values()) await c.close();
  await sim.close();
});

type Row = unknown[];

/**
 * The rows a table should have, read from the API independently of the driver's planner: the
 * parents first for a child table (one read per parent value), one read per default value of a
 * required parameter (Assets' status), every page.
 */
const expectedCache = new Map<string, Promise<Row[]>>();
function expectedRows(def: TableDef, tenantId: string): Promise<Row[]> {
  // Parents (PayRuns, PaySlips, Employees, Projects, Files) are read once for all their children.
  const key = `${def.schema}.${def.name}`;
  let rows = expectedCache.get(key);
  if (!rows) expectedCache.set(key, (rows = readExpectedRows(def, tenantId)));
  return rows;
}

async function readExpectedRows(def: TableDef, tenantId: string): Promise<Row[]> {
  const fan = def.columns.find((c) => c.filter?.pathParam && c.filter.valuesFrom);
  const inputsList: Record<string, string>[] = [];
  if (fan?.filter?.valuesFrom) {
    const parent = catalog.find(def.schema, fan.filter.valuesFrom.table) as TableDef;
    const at = parent.columns.findIndex((c) => c.name === fan.filter?.valuesFrom?.column);
    const values = [...new Set((await expectedRows(parent, tenantId)).map((r) => r[at]).filter((v) => v !== null && v !== undefined))];
    for (const v of values) inputsList.push({ [fan.name]: String(v) });
  } else {
    inputsList.push({});
  }
  const loop = def.columns.find((c) => c.filter?.param?.defaults);
  const variants = loop?.filter?.param?.defaults?.map((v) => ({ [loop.filter?.param?.name as string]: v })) ?? [{}];
  const rows: Row[] = [];
  for (const inputs of inputsList) {
    for (const extra of variants) {
      for (const page of await fetchPages(sim, token, def, inputs, extra)) rows.push(...toRows(def, page.records, { tenantId, pseudo: inputs }));
    }
  }
  return rows;
}

const sorted = (rows: readonly Row[]) => rows.map((r) => JSON.stringify(r)).sort();

for (const schema of SCHEMAS) {
  describe(`every ${schema} table answers with the rows the API holds`, () => {
    for (const def of catalog.tables(schema)) {
      it(def.name, async () => {
        const org = sim.orgs[0]!;
        if (def.rows.kind === 'tenants') {
          const r = await conn(schema).query(`SELECT * FROM ${def.name}`);
          assert.deepEqual(r.rows, [{ TenantId: org.tenantId, Name: org.tenantName, Type: 'ORGANISATION', IsActive: true }]);
          return;
        }
        const result = await conn(schema).query(`SELECT * FROM ${def.name}`);
        assert.deepEqual(result.columns.map((c) => c.name), def.columns.map((c) => c.name));
        const expected = await expectedRows(def, org.tenantId);
        // SuperFundProducts is a lookup that only answers for an ABN or USI (see below).
        if (def.name !== 'SuperFundProducts') assert.ok(expected.length > 0, `${def.name} has rows in the simulator`);
        const actual = result.rows.map((row) => def.columns.map((c) => row[c.name] ?? null));
        assert.deepEqual(sorted(actual), sorted(expected));
      });
    }
  });
}

/** The API requests made while `fn` runs. */
async function requestsDuring(fn: () => Promise<unknown>) {
  const after = sim.requests.find({}).at(-1)?.seq ?? 0;
  await fn();
  return sim.requests.find({ afterSeq: after });
}

describe('pushdown in the four schemas', () => {
  it('PROJECTS: states and a parent id from WHERE are sent, so one request per project named', async () => {
    const projects = sim.orgs[0]!.projects!.collections.Projects!;
    const open = projects.filter((p) => p.status === 'INPROGRESS');
    assert.ok(open.length > 0 && open.length < projects.length, 'some projects in progress, some closed');
    const log = await requestsDuring(async () => {
      const r = await conn('PROJECTS').query("SELECT ProjectId FROM Projects WHERE Status = 'INPROGRESS'");
      assert.deepEqual(r.rows.map((x) => x.ProjectId).sort(), open.map((p) => p.projectId).sort());
    });
    assert.deepEqual(log.map((e) => [e.path, e.query.states]), [['/projects.xro/2.0/Projects', 'INPROGRESS']]);
    const one = String(open[0]!.projectId);
    const tasks = await requestsDuring(() => conn('PROJECTS').query('SELECT * FROM Tasks WHERE ProjectId = ?', [one]));
    assert.deepEqual(tasks.map((e) => e.path), [`/projects.xro/2.0/Projects/${one}/Tasks`], 'no fan-out when WHERE names the project');
  });

  it('ASSETS: AssetStatus narrows the required status loop to one request', async () => {
    const log = await requestsDuring(async () => {
      const r = await conn('ASSETS').query("SELECT AssetId FROM Assets WHERE AssetStatus = 'Registered'");
      const registered = sim.orgs[0]!.assets!.collections.Assets!.filter((a) => a.assetStatus === 'Registered');
      assert.deepEqual(r.rows.map((x) => x.AssetId).sort(), registered.map((a) => a.assetId).sort());
    });
    assert.deepEqual(log.map((e) => e.query.status), ['REGISTERED']);
    const all = await requestsDuring(() => conn('ASSETS').query('SELECT COUNT(*) AS n FROM Assets'));
    assert.deepEqual(all.map((e) => e.query.status).sort(), ['DISPOSED', 'DRAFT', 'REGISTERED'], 'every status without a filter');
  });

  it('PAYROLLAUS: a where expression and a parameter reach Xero', async () => {
    const employees = sim.orgs[0]!.payroll!.collections.Employees!;
    const someone = employees[0]!;
    const log = await requestsDuring(async () => {
      const r = await conn('PAYROLLAUS').query('SELECT EmployeeId FROM Employees WHERE LastName = ?', [someone.LastName]);
      assert.deepEqual(r.rows.map((x) => x.EmployeeId), employees.filter((e) => e.LastName === someone.LastName).map((e) => e.EmployeeID));
    });
    assert.deepEqual(log.map((e) => [e.path, e.query.where]), [['/payroll.xro/1.0/Employees', `LastName == "${String(someone.LastName)}"`]]);
    const product = sim.orgs[0]!.payroll!.collections.SuperFundProducts![0]!;
    const usi = await requestsDuring(async () => {
      const r = await conn('PAYROLLAUS').query('SELECT ProductName FROM SuperFundProducts WHERE USI = ?', [product.USI]);
      assert.deepEqual(r.rows, [{ ProductName: product.ProductName }]);
    });
    assert.deepEqual(usi.map((e) => e.query.USI), [product.USI]);
  });

  it('FILES: a file by id is one GET /Files/{id}', async () => {
    const file = sim.orgs[0]!.files!.collections.Files!.at(-1)!;
    const log = await requestsDuring(async () => {
      const r = await conn('FILES').query('SELECT Name, Size FROM Files WHERE FileId = ?', [file.Id]);
      assert.deepEqual(r.rows, [{ Name: file.Name, Size: file.Size }]);
    });
    assert.deepEqual(log.map((e) => e.path), [`/files.xro/1.0/Files/${String(file.Id)}`]);
  });
});

describe('joins within a schema', () => {
  it('PAYROLLAUS: pay run totals equal the sums of their payslips, and payslip lines their payslips', async () => {
    const r = await conn('PAYROLLAUS').query(
      'SELECT r.PayRunId, r.Wages, SUM(s.Wages) AS slips, COUNT(*) AS n FROM PayRuns r JOIN PaySlips s ON s.PayRunId = r.PayRunId GROUP BY r.PayRunId, r.Wages',
    );
    const runs = sim.orgs[0]!.payroll!.collections.PayRuns!.filter((p) => Array.isArray(p.Payslips) && (p.Payslips as unknown[]).length > 0);
    assert.equal(r.rows.length, runs.length);
    for (const row of r.rows) assert.equal(Math.round(Number(row.slips) * 100), Math.round(Number(row.Wages) * 100), String(row.PayRunId));
    const earnings = await conn('PAYROLLAUS').query(
      "SELECT s.PayslipId, s.Wages, SUM(e.EarningsLine_Amount) AS lines FROM PaySlips s JOIN PaySlipEarnings e ON e.PayslipId = s.PayslipId WHERE s.PayRunId = ? GROUP BY s.PayslipId, s.Wages",
      [runs[0]!.PayRunID],
    );
    assert.ok(earnings.rows.length > 0, 'payslips of the run have earnings lines');
  });

  it('PROJECTS: minutes logged per project equal the sum of its time entries', async () => {
    const r = await conn('PROJECTS').query(
      'SELECT p.ProjectId, p.MinutesLogged, SUM(t.Duration) AS minutes FROM Projects p JOIN Time t ON t.ProjectId = p.ProjectId GROUP BY p.ProjectId, p.MinutesLogged',
    );
    assert.ok(r.rows.length > 0, 'projects with time entries');
    for (const row of r.rows) assert.equal(row.minutes, row.MinutesLogged, String(row.ProjectId));
  });

  it('FILES: files with their folders and associations', async () => {
    const r = await conn('FILES').query(
      'SELECT f.FileId, d.Name AS Folder, COUNT(a.ObjectId) AS links FROM Files f JOIN Folders d ON d.FolderId = f.FolderId LEFT JOIN Associations a ON a.FileId = f.FileId GROUP BY f.FileId, d.Name',
    );
    const files = sim.orgs[0]!.files!.collections;
    assert.equal(r.rows.length, files.Files!.length);
    const links = r.rows.reduce((n, row) => n + Number(row.links), 0);
    assert.equal(links, files.Associations!.length);
  });

  it('ASSETS: assets by type name', async () => {
    const r = await conn('ASSETS').query('SELECT t.AssetTypeName, COUNT(*) AS n FROM Assets a JOIN AssetTypes t ON t.AssetTypeId = a.AssetTypeId GROUP BY t.AssetTypeName');
    const assets = sim.orgs[0]!.assets!.collections.Assets!.filter((a) => a.assetTypeId);
    assert.equal(r.rows.reduce((n, row) => n + Number(row.n), 0), assets.length);
  });
});

describe('dates in each API format', () => {
  it('converts MS dates (Payroll), ISO without zone and 7 digits (Files), "YYYY-MM-DD HH:mm:ss" (Assets) and ISO Z (Projects)', async () => {
    const d = sim.orgs[0]!;
    const emp = d.payroll!.collections.Employees![0]!;
    const e = await conn('PAYROLLAUS').query('SELECT StartDate, UpdatedDateUTC FROM Employees WHERE EmployeeId = ?', [emp.EmployeeID]);
    const ms = (v: unknown) => Number(/-?\d+/.exec(String(v))?.[0]);
    assert.equal(e.rows[0]?.StartDate, new Date(ms(emp.StartDate)).toISOString().slice(0, 10));
    assert.equal(e.rows[0]?.UpdatedDateUTC, new Date(ms(emp.UpdatedDateUTC)).toISOString());

    const file = d.files!.collections.Files![0]!;
    assert.match(String(file.CreatedDateUtc), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}$/);
    const f = await conn('FILES').query('SELECT Created FROM Files WHERE FileId = ?', [file.Id]);
    assert.equal(f.rows[0]?.Created, `${String(file.CreatedDateUtc).slice(0, 23)}Z`);

    const asset = d.assets!.collections.Assets!.find((a) => a.purchaseDate)!;
    assert.match(String(asset.purchaseDate), /^\d{4}-\d\d-\d\d([ T]00:00:00)?$/);
    const a = await conn('ASSETS').query('SELECT PurchaseDate FROM Assets WHERE AssetId = ?', [asset.assetId]);
    assert.equal(a.rows[0]?.PurchaseDate, String(asset.purchaseDate).slice(0, 10));

    const time = d.projects!.collections.TimeEntries!.find((t) => t.dateUtc) as XeroRecord;
    const t = await conn('PROJECTS').query('SELECT Date FROM Time WHERE ProjectId = ? AND TimeEntryId = ?', [time.projectId, time.timeEntryId]);
    assert.equal(t.rows[0]?.Date, new Date(String(time.dateUtc)).toISOString());
  });
});

describe('paging strategies, on a larger organisation', () => {
  let big: Simulator;
  const bigConns = new Map<SchemaName, Connection>();
  before(async () => {
    big = await startSimulator({ seed: 72, scale: 10, timeScale: 60 });
    for (const schema of SCHEMAS) bigConns.set(schema, await open(big, schema));
  });
  after(async () => {
    for (const c of bigConns.values()) await c.close();
    await big.close();
  });
  const pagesOf = async (schema: SchemaName, sql: string) => {
    const from = big.requests.find({}).at(-1)?.seq ?? 0;
    const r = await (bigConns.get(schema) as Connection).query(sql);
    // Only API calls: the connection's first query also signs in (token, connections).
    return { rows: r.rows, log: big.requests.find({ afterSeq: from }).filter((e) => /^\/\w+\.xro\//.test(e.path)) };
  };

  it('page only, 100 per page until a short page (Payroll v1)', async () => {
    const n = big.orgs[0]!.payroll!.collections.Timesheets!.length;
    assert.ok(n > 100, 'more timesheets than one page');
    const { rows, log } = await pagesOf('PAYROLLAUS', 'SELECT DISTINCT TimesheetId FROM Timesheets');
    assert.equal(rows.length, n);
    // Pages until one is short (a full last page costs one more, empty, request).
    assert.deepEqual(log.map((e) => e.query.page), Array.from({ length: Math.floor(n / 100) + 1 }, (_, i) => String(i + 1)));
    assert.ok(log.every((e) => e.query.pageSize === undefined && e.query.pagesize === undefined), 'no page size parameter');
  });

  it('page and lower-case pagesize up to 100 (Files)', async () => {
    const n = big.orgs[0]!.files!.collections.Files!.length;
    assert.ok(n > 100, 'more files than one page');
    const { rows, log } = await pagesOf('FILES', 'SELECT FileId FROM Files');
    assert.equal(rows.length, n);
    assert.ok(log.length >= 2 && log.every((e) => e.query.pagesize === '100'), 'several pages of 100');
  });

  it('a pagination object gives the page count, and the required status loops over every status (Assets)', async () => {
    const assets = big.orgs[0]!.assets!.collections.Assets!;
    const byStatus = (s: string) => assets.filter((a) => a.assetStatus === s).length;
    assert.ok(byStatus('Registered') > 100, 'more registered assets than one page holds');
    const { rows, log } = await pagesOf('ASSETS', 'SELECT AssetId FROM Assets');
    assert.equal(rows.length, assets.length);
    for (const [status, title] of [['DRAFT', 'Draft'], ['REGISTERED', 'Registered'], ['DISPOSED', 'Disposed']] as const) {
      const pages = log.filter((e) => e.query.status === status).map((e) => e.query.page);
      assert.equal(pages.length, Math.max(1, Math.ceil(byStatus(title) / 100)), `${status}: exactly the pages the pagination object promised`);
    }
  });

  it('pageSize up to 500 with a pagination object (Projects), per project for tasks', async () => {
    const { rows, log } = await pagesOf('PROJECTS', 'SELECT ProjectId FROM Projects');
    assert.equal(rows.length, big.orgs[0]!.projects!.collections.Projects!.length);
    assert.deepEqual(log.map((e) => [e.query.page, e.query.pageSize]), [['1', '500']]);
  });
});
