/**
 * The Projects API (`/projects.xro/2.0`) GET routes (xero-api-endpoints.md §5): paged lists in
 * `{pagination, items}`, single records bare.
 */
import type { ApiCall, ApiRouteDef } from '../api.js';
import type { XeroRecord } from '../data/types.js';
import { json, type SimResponse } from '../http.js';
import { parseIsoInstant } from './dates.js';
import { BadParameter, paged, ProjectsQuery } from './query.js';
import { invalidParameter, notFound } from './responses.js';

/** Base path of the Projects API. */
export const PROJECTS_BASE = '/projects.xro/2.0';

/** Every GET accepts `projects` or `projects.read`. */
const SCOPES = ['projects.read'];

type Collection = 'Projects' | 'Tasks' | 'TimeEntries' | 'ProjectsUsers' | 'TimeEntryInvoices';

/** Every Projects API GET route. */
export function createProjectsRoutes(): ApiRouteDef[] {
  const route = (path: string, handler: (call: ApiCall, q: ProjectsQuery) => SimResponse): ApiRouteDef => ({
    pattern: `${PROJECTS_BASE}${path}`,
    scopes: SCOPES,
    handler: (call) => {
      try {
        return handler(call, new ProjectsQuery(call.req.query));
      } catch (err) {
        if (err instanceof BadParameter) return invalidParameter(err.problem.parameter, err.problem.message);
        throw err;
      }
    },
  });
  return [
    route('/Projects', listProjects),
    route('/Projects/:projectId', (call) => {
      const project = findProject(call);
      return project ? json(200, project) : projectNotFound(call);
    }),
    route('/ProjectsUsers', (call, q) => {
      const { page, pageSize } = q.paging();
      return json(200, paged(collection(call, 'ProjectsUsers'), page, pageSize));
    }),
    route('/Projects/:projectId/Tasks', listTasks),
    route('/Projects/:projectId/Tasks/:taskId', (call) => {
      const project = findProject(call);
      if (!project) return projectNotFound(call);
      const taskId = (call.req.params.taskId ?? '').toLowerCase();
      const task = perProject(call, 'Tasks').get(String(project['projectId']))?.find((t) => String(t['taskId']).toLowerCase() === taskId);
      return task ? json(200, task) : notFound(`Task ${call.req.params.taskId ?? ''} was not found in project ${String(project['projectId'])}.`);
    }),
    route('/Projects/:projectId/Time', listTime),
    route('/Projects/:projectId/Time/:timeEntryId', (call) => {
      const project = findProject(call);
      if (!project) return projectNotFound(call);
      const entryId = (call.req.params.timeEntryId ?? '').toLowerCase();
      const entry = perProject(call, 'TimeEntries').get(String(project['projectId']))?.find((t) => String(t['timeEntryId']).toLowerCase() === entryId);
      return entry ? json(200, entry) : notFound(`Time entry ${call.req.params.timeEntryId ?? ''} was not found in project ${String(project['projectId'])}.`);
    }),
  ];
}

/**
 * `/Projects?projectIds=&contactID=&states=&page=&pageSize=`, in the order the projects were
 * created (UNCERTAIN: the spec names no order). `/Tasks` and `/Time` take the same 1-500 page
 * sizes as `/Projects` (UNCERTAIN: their parameters state no range).
 */
function listProjects(call: ApiCall, q: ProjectsQuery): SimResponse {
  const { page, pageSize } = q.paging();
  const ids = new Set(q.guids('projectIds'));
  const contactId = q.guids('contactID')[0];
  const states = new Set(q.enums('states', ['INPROGRESS', 'CLOSED']));
  const rows = collection(call, 'Projects').filter(
    (p) =>
      (ids.size === 0 || ids.has(String(p['projectId']).toLowerCase())) &&
      (contactId === undefined || String(p['contactId']).toLowerCase() === contactId) &&
      (states.size === 0 || states.has(String(p['status']))),
  );
  return json(200, paged(rows, page, pageSize));
}

/** `/Projects/{id}/Tasks?taskIds=&chargeType=&page=&pageSize=`. */
function listTasks(call: ApiCall, q: ProjectsQuery): SimResponse {
  const { page, pageSize } = q.paging();
  const ids = new Set(q.guids('taskIds'));
  const chargeTypes = new Set(q.enums('chargeType', ['TIME', 'FIXED', 'NON_CHARGEABLE']));
  const project = findProject(call);
  if (!project) return projectNotFound(call);
  const rows = (perProject(call, 'Tasks').get(String(project['projectId'])) ?? []).filter(
    (t) => (ids.size === 0 || ids.has(String(t['taskId']).toLowerCase())) && (chargeTypes.size === 0 || chargeTypes.has(String(t['chargeType']))),
  );
  return json(200, paged(rows, page, pageSize));
}

/**
 * `/Projects/{id}/Time` with its filters, oldest entry first. A chargeable entry is one on a task
 * that is not `NON_CHARGEABLE` (UNCERTAIN: the spec does not define `isChargeable`). `dateAfterUtc` and `dateBeforeUtc` compare with the entry's
 * `dateUtc` and include the bound itself (UNCERTAIN: the spec does not say; including it can only
 * return more, which a client that re-checks dates tolerates).
 */
function listTime(call: ApiCall, q: ProjectsQuery): SimResponse {
  const { page, pageSize } = q.paging();
  const userId = q.guids('userId')[0];
  const taskId = q.guids('taskId')[0];
  const invoiceId = q.guids('invoiceId')[0];
  const contactId = q.guids('contactId')[0];
  const states = new Set(q.enums('states', ['ACTIVE', 'LOCKED', 'INVOICED']));
  const chargeable = q.boolean('isChargeable');
  const after = instant(q, 'dateAfterUtc');
  const before = instant(q, 'dateBeforeUtc');
  const project = findProject(call);
  if (!project) return projectNotFound(call);

  const projectId = String(project['projectId']);
  const taskTypes = new Map((perProject(call, 'Tasks').get(projectId) ?? []).map((t) => [String(t['taskId']), String(t['chargeType'])]));
  const invoiced = invoiceId === undefined ? undefined : new Set(collection(call, 'TimeEntryInvoices').filter((l) => String(l['invoiceId']).toLowerCase() === invoiceId).map((l) => String(l['timeEntryId'])));
  const rows = (perProject(call, 'TimeEntries').get(projectId) ?? []).filter((t) => {
    const at = Date.parse(String(t['dateUtc']));
    return (
      (userId === undefined || String(t['userId']).toLowerCase() === userId) &&
      (taskId === undefined || String(t['taskId']).toLowerCase() === taskId) &&
      (invoiced === undefined || invoiced.has(String(t['timeEntryId']))) &&
      (contactId === undefined || String(project['contactId']).toLowerCase() === contactId) &&
      (states.size === 0 || states.has(String(t['status']))) &&
      (chargeable === undefined || (taskTypes.get(String(t['taskId'])) !== 'NON_CHARGEABLE') === chargeable) &&
      (after === undefined || at >= after) &&
      (before === undefined || at <= before)
    );
  });
  return json(200, paged(rows, page, pageSize));
}

/** An ISO instant parameter, undefined when absent. */
function instant(q: ProjectsQuery, name: string): number | undefined {
  const text = q.value(name);
  if (text === undefined) return undefined;
  const ms = parseIsoInstant(text);
  if (Number.isNaN(ms)) throw new BadParameter({ parameter: name, message: `The value '${text}' is not valid for ${name}: use an ISO 8601 date-time such as 2026-01-31T00:00:00Z.` });
  return ms;
}

function projectNotFound(call: ApiCall): SimResponse {
  return notFound(`Project ${call.req.params.projectId ?? ''} was not found.`);
}

function collection(call: ApiCall, name: Collection): readonly XeroRecord[] {
  return call.org.projects?.collections[name] ?? [];
}

/** The project named by the `:projectId` segment (GUIDs compare case-insensitively). */
function findProject(call: ApiCall): XeroRecord | undefined {
  const id = (call.req.params.projectId ?? '').toLowerCase();
  return collection(call, 'Projects').find((p) => String(p['projectId']).toLowerCase() === id);
}

const groupings = new WeakMap<readonly XeroRecord[], Map<string, XeroRecord[]>>();

/** A collection's records grouped by `projectId`, built once per collection (collections never change). */
function perProject(call: ApiCall, name: 'Tasks' | 'TimeEntries'): Map<string, XeroRecord[]> {
  const records = collection(call, name);
  let groups = groupings.get(records);
  if (!groups) {
    groups = new Map();
    for (const r of records) {
      const key = String(r['projectId']);
      const list = groups.get(key);
      if (list) list.push(r);
      else groups.set(key, [r]);
    }
    groupings.set(records, groups);
  }
  return groups;
}
