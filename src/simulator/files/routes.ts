/**
 * The Files API (`/files.xro/1.0`) GET routes (xero-api-endpoints.md §3). Unlike Accounting,
 * nothing is wrapped in an envelope: `/Files` answers `{TotalCount, Page, PerPage, Items}`, and
 * every other endpoint a bare object or array.
 */
import type { ApiCall, ApiRouteDef } from '../api.js';
import type { XeroRecord } from '../data/types.js';
import { json, type SimResponse } from '../http.js';
import { pageOf, parseListParams, queryList, queryValue, sortRecords, type SortKey } from './query.js';
import { notFound, validationFailure } from './responses.js';

/** Base path of the Files API. */
export const FILES_BASE = '/files.xro/1.0';

/** Every GET accepts `files` or `files.read`. */
const SCOPES = ['files.read'];

const FILE_SORTS: readonly SortKey[] = [
  { name: 'Name', field: 'Name', numeric: false },
  { name: 'Size', field: 'Size', numeric: true },
  // The timestamps sort correctly as text: they are fixed-width ISO strings.
  { name: 'CreatedDateUTC', field: 'CreatedDateUtc', numeric: false },
];

const ASSOCIATION_SORTS: readonly SortKey[] = [
  { name: 'Name', field: 'Name', numeric: false },
  { name: 'Size', field: 'Size', numeric: true },
  { name: 'CreatedDateUtc', field: 'CreatedDateUtc', numeric: false },
  { name: 'AssociationDateUtc', field: 'AssociationDateUtc', numeric: false },
];

/** Folder sort keys; a folder's Size is the bytes of its files, its creation order its place in the list. */
const FOLDER_SORTS: readonly SortKey[] = [
  { name: 'Name', field: 'Name', numeric: false },
  { name: 'Size', field: 'Size', numeric: true },
  { name: 'CreatedDateUTC', field: 'CreatedDateUTC', numeric: true },
];

/** Every Files API GET route. */
export function createFilesRoutes(): ApiRouteDef[] {
  const route = (path: string, handler: (call: ApiCall) => SimResponse): ApiRouteDef => ({ pattern: `${FILES_BASE}${path}`, scopes: SCOPES, handler });
  return [
    route('/Files', listFiles),
    route('/Files/:id', (call) => {
      const file = findFile(call);
      return file ? json(200, file) : notFound('File', call.req.params.id ?? '');
    }),
    route('/Files/:id/Content', (call) => {
      const file = findFile(call);
      const content = file ? data(call).blobs.get(String(file['Id'])) : undefined;
      if (!file || !content) return notFound('File', call.req.params.id ?? '');
      // The spec declares application/octet-stream; the file's own type is what lets a client
      // open it, and is what a download of the file carries (UNCERTAIN which Xero sends).
      return { status: 200, headers: { 'content-type': String(file['MimeType']) }, body: content };
    }),
    route('/Files/:id/Associations', (call) => {
      const file = findFile(call);
      if (!file) return notFound('File', call.req.params.id ?? '');
      // Name, Size, dates and SendWithObject are "only returned when using /Associations/{ObjectId}" (spec).
      const links = collection(call, 'Associations').filter((a) => a['FileId'] === file['Id']);
      return json(200, links.map((a) => ({ FileId: a['FileId'], ObjectId: a['ObjectId'], ObjectType: a['ObjectType'], ObjectGroup: a['ObjectGroup'] })));
    }),
    route('/Associations/Count', countAssociations),
    route('/Associations/:objectId', (call) => {
      const params = parseListParams(call.req.query, ASSOCIATION_SORTS, ASSOCIATION_SORTS[2] as SortKey);
      if (!params.ok) return validationFailure(params.detail);
      const objectId = (call.req.params.objectId ?? '').toLowerCase();
      // An object with no files has an empty list, not a 404: any record can be asked about.
      const links = collection(call, 'Associations').filter((a) => String(a['ObjectId']).toLowerCase() === objectId);
      const { page, pageSize, sort, descending } = params.value;
      return json(200, pageOf(sortRecords(links, sort, descending, 'FileId'), page, pageSize));
    }),
    route('/Folders', listFolders),
    route('/Folders/:id', (call) => {
      const id = (call.req.params.id ?? '').toLowerCase();
      const folder = collection(call, 'Folders').find((f) => String(f['Id']).toLowerCase() === id);
      return folder ? json(200, folder) : notFound('Folder', call.req.params.id ?? '');
    }),
    route('/Inbox', (call) => {
      const inbox = collection(call, 'Folders').find((f) => f['IsInbox'] === true);
      return inbox ? json(200, inbox) : notFound('Folder', 'Inbox');
    }),
  ];
}

/**
 * `/Files`: without `sort`, oldest upload first (UNCERTAIN: the spec names no default order for
 * `/Files`; `/Associations/{ObjectId}` documents CreatedDateUtc as its default, and ASC is the
 * default direction of both).
 */
function listFiles(call: ApiCall): SimResponse {
  const params = parseListParams(call.req.query, FILE_SORTS, FILE_SORTS[2] as SortKey);
  if (!params.ok) return validationFailure(params.detail);
  const { page, pageSize, sort, descending } = params.value;
  const files = collection(call, 'Files');
  return json(200, {
    TotalCount: files.length,
    Page: page,
    PerPage: pageSize,
    Items: pageOf(sortRecords(files, sort, descending, 'Id'), page, pageSize),
  });
}

/** `?ObjectIds=a,b` → `{"a": 2, "b": 0}`: every id asked about gets a count, 0 when it has no files. */
function countAssociations(call: ApiCall): SimResponse {
  const ids = queryList(call.req.query, 'ObjectIds');
  if (ids.length === 0) return validationFailure('ObjectIds is required: a comma-separated list of object ids');
  const counts = new Map<string, number>();
  for (const a of collection(call, 'Associations')) {
    const key = String(a['ObjectId']).toLowerCase();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return json(200, Object.fromEntries(ids.map((id) => [id, counts.get(id.toLowerCase()) ?? 0])));
}

/**
 * `/Folders?sort=Name` or, as the spec's example writes it, `sort=CreatedDateUTC DESC`. Without
 * `sort` the folders come in the order they were made, the Inbox first.
 */
function listFolders(call: ApiCall): SimResponse {
  const folders = collection(call, 'Folders');
  const sortText = queryValue(call.req.query, 'sort')?.trim();
  if (!sortText) return json(200, folders);
  const [name = '', direction = 'ASC', ...rest] = sortText.split(/\s+/);
  const key = FOLDER_SORTS.find((k) => k.name.toLowerCase() === name.toLowerCase());
  if (!key || rest.length > 0 || !['ASC', 'DESC'].includes(direction.toUpperCase())) {
    return validationFailure(`sort must be one of ${FOLDER_SORTS.map((k) => k.name).join(', ')}, optionally followed by ASC or DESC`);
  }
  const files = collection(call, 'Files');
  const order = new Map(folders.map((f, i) => [f['Id'], i]));
  const valueOf = (f: XeroRecord): unknown => {
    if (key.name === 'Size') return files.filter((x) => x['FolderId'] === f['Id']).reduce((n, x) => n + Number(x['Size']), 0);
    if (key.name === 'CreatedDateUTC') return order.get(f['Id']);
    return f['Name'];
  };
  return json(200, sortRecords(folders, key, direction.toUpperCase() === 'DESC', 'Id', valueOf));
}

function data(call: ApiCall) {
  return call.org.files ?? { collections: {}, blobs: new Map<string, Buffer>() };
}

function collection(call: ApiCall, name: 'Files' | 'Folders' | 'Associations'): readonly XeroRecord[] {
  return data(call).collections[name] ?? [];
}

/** The file named by the `:id` segment; ids compare case-insensitively, as GUIDs do at Xero. */
function findFile(call: ApiCall): XeroRecord | undefined {
  const id = (call.req.params.id ?? '').toLowerCase();
  return byId(collection(call, 'Files'), 'Id').get(id);
}

const indexes = new WeakMap<readonly XeroRecord[], Map<string, XeroRecord>>();

/** A lazily built id index of a collection (collections never change once generated). */
function byId(records: readonly XeroRecord[], field: string): Map<string, XeroRecord> {
  let index = indexes.get(records);
  if (!index) {
    index = new Map(records.map((r) => [String(r[field]).toLowerCase(), r]));
    indexes.set(records, index);
  }
  return index;
}
