/**
 * The simulator's Projects API (`/projects.xro/2.0`) over HTTP: every GET endpoint of
 * xero-projects.yaml answers both organisations with bodies that validate against the spec's
 * response schemas (test/fixtures/openapi/projects-responses.json), and paging, filters, errors
 * and scopes behave as xero-api-endpoints.md §5 describes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { responseSchemas } from '../helpers/openapi-responses.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { OrgData, XeroRecord } from '../../src/simulator/data/types.js';
import { webAppToken } from '../helpers/oauth-flow.js';
import { apiGet, customConnectionToken, type Fetched } from '../helpers/sim-client.js';

const BASE = '/projects.xro/2.0';
const CALLBACK = 'http://127.0.0.1:9/callback';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000003';

const { spec, validatorFor } = responseSchemas('projects');

/** Where xero-projects.yaml contradicts itself (xero-api-endpoints.md, appendix). */
const SPEC_CONTRADICTIONS: { paths: RegExp; error: RegExp; why: string }[] = [
  {
    paths: /\/Tasks/,
    error: /\/(rate|totalAmount|amountToBeInvoiced|amountInvoiced) must be number$/,
    why: "Task's money fields are declared both `$ref: Amount` (an object) and `type: number`; every example, like the rest of the API, sends the Amount object {currency, value}",
  },
];

let sim: Simulator;
let token: string;
let au: OrgData;
let nz: OrgData;

before(async () => {
  sim = await startSimulator({ seed: 23, extraRedirectUris: [CALLBACK] });
  sim.rateLimits.update({ perMinute: 100_000 });
  [au, nz] = sim.orgs as [OrgData, OrgData];
  token = await webAppToken(sim, ['projects.read'], CALLBACK);
});
after(() => sim.close());

const get = (org: OrgData, path: string, query: Record<string, string> = {}): Promise<Fetched> =>
  apiGet(sim, `${BASE}${path}`, { token, tenantId: org.tenantId, query });
const col = (org: OrgData, name: string): XeroRecord[] => org.projects?.collections[name] ?? [];
const ids = (records: readonly XeroRecord[], key: string): string[] => records.map((r) => String(r[key]));

/** A project with invoiced and active time, and tasks of more than one charge type. */
function busyProject(org: OrgData): XeroRecord {
  const project = col(org, 'Projects').find((p) => {
    const entries = col(org, 'TimeEntries').filter((t) => t['projectId'] === p['projectId']);
    const tasks = col(org, 'Tasks').filter((t) => t['projectId'] === p['projectId']);
    return entries.some((t) => t['status'] === 'INVOICED') && entries.some((t) => t['status'] === 'ACTIVE') && new Set(tasks.map((t) => t['chargeType'])).size >= 2;
  });
  assert.ok(project, 'some project has invoiced and active time');
  return project;
}

function assertModelState(res: Fetched, parameter: string): void {
  assert.equal(res.status, 400, res.text.slice(0, 200));
  assert.equal(typeof res.json.message, 'string');
  assert.ok(Array.isArray(res.json.modelState?.[parameter]) && res.json.modelState[parameter].length > 0, `modelState names ${parameter}: ${res.text}`);
}

describe('Projects responses validate against xero-projects.yaml', () => {
  for (const [template, def] of Object.entries(spec.paths)) {
    for (const which of ['AU', 'NZ'] as const) {
      it(`GET ${template} (${which})`, async (t) => {
        const org = which === 'AU' ? au : nz;
        const project = busyProject(org);
        const task = col(org, 'Tasks').find((x) => x['projectId'] === project['projectId']);
        const entry = col(org, 'TimeEntries').find((x) => x['projectId'] === project['projectId']);
        const path = template
          .replace('{projectId}', String(project['projectId']))
          .replace('{taskId}', String(task?.['taskId']))
          .replace('{timeEntryId}', String(entry?.['timeEntryId']));
        const res = await get(org, path);
        assert.equal(res.status, 200, `${path}: ${res.status} ${res.text.slice(0, 200)}`);
        assert.match(res.headers.get('content-type') ?? '', /application\/json/);
        const validate = validatorFor(def.schema);
        validate(res.json);
        const tolerated = new Set<string>();
        const errors = (validate.errors ?? [])
          .map((e) => `${e.instancePath} ${e.message ?? ''}`)
          .filter((message) => {
            const known = SPEC_CONTRADICTIONS.find((c) => c.paths.test(template) && c.error.test(message));
            if (known) tolerated.add(`tolerated (${known.why}): ${message.replace(/\/\d+(?=[/ ])/g, '/*')}`);
            return !known;
          });
        for (const note of tolerated) t.diagnostic(note);
        assert.deepEqual(errors.slice(0, 5), [], `${path} does not match the spec's schema`);
        if (Array.isArray(res.json.items)) assert.ok(res.json.items.length > 0, `${template} returned no items`);
      });
    }
  }
});

describe('paging', () => {
  it('defaults to page 1 of 50 and walks every project in pages of pageSize', async () => {
    const all = col(au, 'Projects');
    const first = await get(au, '/Projects');
    assert.deepEqual(first.json.pagination, { page: 1, pageSize: 50, pageCount: 1, itemCount: all.length });
    assert.deepEqual(first.json.items, all);
    const seen: XeroRecord[] = [];
    for (let page = 1; page <= Math.ceil(all.length / 3); page++) {
      const res = await get(au, '/Projects', { page: String(page), pageSize: '3' });
      assert.deepEqual(res.json.pagination, { page, pageSize: 3, pageCount: Math.ceil(all.length / 3), itemCount: all.length });
      seen.push(...res.json.items);
    }
    assert.deepEqual(seen, all);
    assert.deepEqual((await get(au, '/Projects', { page: '99' })).json.items, []);
    assert.equal((await get(au, '/Projects', { pageSize: '500' })).status, 200);
  });

  it('refuses page sizes outside 1-500 and pages below 1 with modelState', async () => {
    assertModelState(await get(au, '/Projects', { pageSize: '0' }), 'pageSize');
    assertModelState(await get(au, '/Projects', { pageSize: '501' }), 'pageSize');
    assertModelState(await get(au, '/Projects', { page: '0' }), 'page');
    assertModelState(await get(au, '/Projects', { page: 'first' }), 'page');
    assertModelState(await get(au, '/ProjectsUsers', { pageSize: '1000' }), 'pageSize');
    const project = String(busyProject(au)['projectId']);
    assertModelState(await get(au, `/Projects/${project}/Tasks`, { pageSize: '501' }), 'pageSize');
    assertModelState(await get(au, `/Projects/${project}/Time`, { page: '-1' }), 'page');
  });

  it('pages the project users, who are the organisation\'s users', async () => {
    const users = au.accounting.collections.Users;
    const res = await get(au, '/ProjectsUsers', { pageSize: '2', page: '2' });
    assert.deepEqual(res.json.pagination, { page: 2, pageSize: 2, pageCount: Math.ceil(users.length / 2), itemCount: users.length });
    assert.deepEqual(ids(res.json.items, 'userId'), ids(users.slice(2, 4), 'UserID'));
  });
});

describe('GET /Projects filters', () => {
  it('filters by states, contactID and projectIds', async () => {
    const all = col(au, 'Projects');
    for (const state of ['CLOSED', 'INPROGRESS']) {
      const res = await get(au, '/Projects', { states: state });
      assert.deepEqual(ids(res.json.items, 'projectId'), ids(all.filter((p) => p['status'] === state), 'projectId'));
      assert.ok(res.json.items.length > 0, `no ${state} project`);
    }
    assert.equal((await get(au, '/Projects', { states: 'INPROGRESS,CLOSED' })).json.pagination.itemCount, all.length);
    const contactId = String(all[1]?.['contactId']);
    const byContact = await get(au, '/Projects', { contactID: contactId });
    assert.deepEqual(ids(byContact.json.items, 'projectId'), ids(all.filter((p) => p['contactId'] === contactId), 'projectId'));
    const two = [all[0], all[2]].map((p) => String(p?.['projectId']));
    assert.deepEqual(ids((await get(au, '/Projects', { projectIds: `${two.join(',')},${UNKNOWN_ID}` })).json.items, 'projectId'), two);
  });

  it('refuses unknown states and malformed ids', async () => {
    assertModelState(await get(au, '/Projects', { states: 'FINISHED' }), 'states');
    assertModelState(await get(au, '/Projects', { projectIds: 'project-1' }), 'projectIds');
    assertModelState(await get(au, '/Projects', { contactID: '12345' }), 'contactID');
  });
});

describe('tasks and time', () => {
  it('filters a project\'s tasks by chargeType and taskIds', async () => {
    const project = busyProject(au);
    const tasks = col(au, 'Tasks').filter((t) => t['projectId'] === project['projectId']);
    const all = await get(au, `/Projects/${String(project['projectId'])}/Tasks`);
    assert.deepEqual(all.json.items, tasks);
    for (const chargeType of new Set(tasks.map((t) => String(t['chargeType'])))) {
      const res = await get(au, `/Projects/${String(project['projectId'])}/Tasks`, { chargeType });
      assert.deepEqual(ids(res.json.items, 'taskId'), ids(tasks.filter((t) => t['chargeType'] === chargeType), 'taskId'));
    }
    const picked = String(tasks[1]?.['taskId']);
    assert.deepEqual(ids((await get(au, `/Projects/${String(project['projectId'])}/Tasks`, { taskIds: picked })).json.items, 'taskId'), [picked]);
    assertModelState(await get(au, `/Projects/${String(project['projectId'])}/Tasks`, { chargeType: 'HOURLY' }), 'chargeType');
  });

  it('filters a project\'s time entries by user, task, invoice, contact, state, chargeability and date', async () => {
    const project = busyProject(au);
    const projectId = String(project['projectId']);
    const entries = col(au, 'TimeEntries').filter((t) => t['projectId'] === projectId);
    const tasks = new Map(col(au, 'Tasks').map((t) => [t['taskId'], t]));
    const time = async (query: Record<string, string>): Promise<string[]> => {
      const res = await get(au, `/Projects/${projectId}/Time`, { pageSize: '500', ...query });
      assert.equal(res.status, 200, res.text.slice(0, 200));
      assert.equal(res.json.pagination.itemCount, res.json.items.length);
      return ids(res.json.items, 'timeEntryId');
    };
    const expect = (pred: (t: XeroRecord) => boolean): string[] => ids(entries.filter(pred), 'timeEntryId');

    assert.deepEqual(await time({}), expect(() => true));
    const user = String(entries[0]?.['userId']);
    assert.deepEqual(await time({ userId: user }), expect((t) => t['userId'] === user));
    const task = String(entries[0]?.['taskId']);
    assert.deepEqual(await time({ taskId: task }), expect((t) => t['taskId'] === task));
    for (const state of ['INVOICED', 'ACTIVE']) assert.deepEqual(await time({ states: state }), expect((t) => t['status'] === state));
    assert.deepEqual(await time({ states: 'ACTIVE,INVOICED' }), expect(() => true));
    assert.deepEqual(await time({ isChargeable: 'false' }), expect((t) => tasks.get(t['taskId'])?.['chargeType'] === 'NON_CHARGEABLE'));
    assert.deepEqual(await time({ isChargeable: 'true' }), expect((t) => tasks.get(t['taskId'])?.['chargeType'] !== 'NON_CHARGEABLE'));
    assert.deepEqual(await time({ contactId: String(project['contactId']) }), expect(() => true));
    assert.deepEqual(await time({ contactId: UNKNOWN_ID }), []);

    const link = col(au, 'TimeEntryInvoices').find((l) => entries.some((t) => t['timeEntryId'] === l['timeEntryId']));
    assert.ok(link);
    const billed = new Set(col(au, 'TimeEntryInvoices').filter((l) => l['invoiceId'] === link['invoiceId']).map((l) => l['timeEntryId']));
    assert.deepEqual(await time({ invoiceId: String(link['invoiceId']) }), expect((t) => billed.has(t['timeEntryId'])));

    const middle = String(entries[Math.floor(entries.length / 2)]?.['dateUtc']);
    assert.deepEqual(await time({ dateAfterUtc: middle }), expect((t) => String(t['dateUtc']) >= middle));
    assert.deepEqual(await time({ dateBeforeUtc: middle }), expect((t) => String(t['dateUtc']) <= middle));
    assert.ok((await time({ dateAfterUtc: middle })).length < entries.length);

    assertModelState(await get(au, `/Projects/${projectId}/Time`, { isChargeable: 'maybe' }), 'isChargeable');
    assertModelState(await get(au, `/Projects/${projectId}/Time`, { dateAfterUtc: 'last week' }), 'dateAfterUtc');
    assertModelState(await get(au, `/Projects/${projectId}/Time`, { states: 'BILLED' }), 'states');
    assertModelState(await get(au, `/Projects/${projectId}/Time`, { userId: 'someone' }), 'userId');
  });

  it('pages time entries', async () => {
    const projectId = String(busyProject(au)['projectId']);
    const count = col(au, 'TimeEntries').filter((t) => t['projectId'] === projectId).length;
    const res = await get(au, `/Projects/${projectId}/Time`, { pageSize: '4', page: '2' });
    assert.deepEqual(res.json.pagination, { page: 2, pageSize: 4, pageCount: Math.ceil(count / 4), itemCount: count });
    assert.equal(res.json.items.length, Math.min(4, count - 4));
  });
});

describe('single records, 404s and scopes', () => {
  it('serves a project, a task and a time entry by id', async () => {
    const project = busyProject(nz);
    const task = col(nz, 'Tasks').find((t) => t['projectId'] === project['projectId']) as XeroRecord;
    const entry = col(nz, 'TimeEntries').find((t) => t['projectId'] === project['projectId']) as XeroRecord;
    const id = String(project['projectId']);
    assert.deepEqual((await get(nz, `/Projects/${id.toUpperCase()}`)).json, project);
    assert.deepEqual((await get(nz, `/Projects/${id}/Tasks/${String(task['taskId'])}`)).json, task);
    assert.deepEqual((await get(nz, `/Projects/${id}/Time/${String(entry['timeEntryId'])}`)).json, entry);
  });

  it('answers unknown projects, tasks and entries, and another project\'s task, with 404', async () => {
    const [p1, p2] = col(au, 'Projects') as [XeroRecord, XeroRecord];
    const otherTask = String(col(au, 'Tasks').find((t) => t['projectId'] === p2['projectId'])?.['taskId']);
    const otherEntry = String(col(au, 'TimeEntries').find((t) => t['projectId'] === p2['projectId'])?.['timeEntryId']);
    for (const path of [
      `/Projects/${UNKNOWN_ID}`,
      `/Projects/${UNKNOWN_ID}/Tasks`,
      `/Projects/${UNKNOWN_ID}/Time`,
      `/Projects/${String(p1['projectId'])}/Tasks/${otherTask}`,
      `/Projects/${String(p1['projectId'])}/Time/${otherEntry}`,
      `/Projects/${String(p1['projectId'])}/Time/${UNKNOWN_ID}`,
    ]) {
      const res = await get(au, path);
      assert.equal(res.status, 404, path);
      assert.equal(typeof res.json.message, 'string', path);
    }
  });

  it('refuses tokens without a projects scope (401) and calls without a token', async () => {
    const settingsOnly = await customConnectionToken(sim, 'accounting.settings');
    const withProjects = await customConnectionToken(sim, 'projects');
    const id = String(col(au, 'Projects')[0]?.['projectId']);
    for (const path of ['/Projects', `/Projects/${id}`, '/ProjectsUsers', `/Projects/${id}/Tasks`, `/Projects/${id}/Time`]) {
      const refused = await apiGet(sim, `${BASE}${path}`, { token: settingsOnly });
      assert.equal(refused.status, 401, path);
      assert.equal(refused.json?.Detail, 'AuthorizationUnsuccessful');
      assert.equal((await apiGet(sim, `${BASE}${path}`, { token: withProjects })).status, 200, `${path} with the projects scope`);
      assert.equal((await apiGet(sim, `${BASE}${path}`, { tenantId: au.tenantId })).status, 401, `${path} without a token`);
    }
  });
});
