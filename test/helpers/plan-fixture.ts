/**
 * Small hand-written table declarations for planner unit tests (the real catalog is tested on its
 * own): an Invoices-like paged table with line items, a Contacts-like unpaged one, a child
 * resource, a report with pseudo-columns, and Tenants.
 */
import { tableDefSchema, type TableDef, type TableDefInput } from '../../src/catalog/table-def.js';
import type { PlannerCatalog } from '../../src/sql/planner.js';
import { closest } from '../../src/connection/options.js';

const base = '/api.xro/2.0';
const tenant = { name: 'TenantId', type: 'text', description: 'Tenant', source: { kind: 'tenant' } } as const;

const defs: TableDefInput[] = [
  {
    name: 'Invoices',
    schema: 'ACCOUNTING',
    kind: 'table',
    description: 'Invoices, one row per line',
    request: {
      base,
      path: '/Invoices',
      byIdPath: '/Invoices/{id}',
      envelope: 'Invoices',
      paging: { style: 'page', size: 100, sizeParam: 'pageSize', maxSize: 1000, pagination: true, optional: true },
      detailNeedsPaging: true,
      where: true,
      order: true,
    },
    rows: { kind: 'items', path: 'LineItems', idField: 'InvoiceID' },
    columns: [
      { name: 'Id', type: 'text', description: 'line id', source: { kind: 'rowId' }, key: true },
      { name: 'InvoiceId', type: 'text', description: 'id', source: { kind: 'field', path: 'InvoiceID' }, filter: { byId: true, param: { name: 'IDs', operators: ['=', 'in'] }, where: { field: 'InvoiceID', kind: 'guid', operators: ['=', '!='] } }, order: 'InvoiceID' },
      { name: 'InvoiceNumber', type: 'text', description: 'number', source: { kind: 'field', path: 'InvoiceNumber' }, filter: { param: { name: 'InvoiceNumbers', operators: ['=', 'in'] }, where: { field: 'InvoiceNumber', kind: 'string', operators: ['=', '!=', 'like'] } }, order: 'InvoiceNumber' },
      { name: 'Status', type: 'text', description: 'status', source: { kind: 'field', path: 'Status' }, filter: { param: { name: 'Statuses', operators: ['=', 'in'] }, where: { field: 'Status', kind: 'enum', operators: ['=', '!='] }, optimised: true } },
      { name: 'ContactId', type: 'text', description: 'contact', source: { kind: 'field', path: 'Contact.ContactID' }, filter: { param: { name: 'ContactIDs', operators: ['=', 'in'] }, where: { field: 'Contact.ContactID', kind: 'guid', operators: ['=', '!='] }, optimised: true } },
      { name: 'ContactName', type: 'text', description: 'contact name', source: { kind: 'field', path: 'Contact.Name' }, filter: { where: { field: 'Contact.Name', kind: 'string', operators: ['=', '!=', 'like'] }, optimised: true } },
      { name: 'Reference', type: 'text', description: 'ref', source: { kind: 'field', path: 'Reference' }, filter: { where: { field: 'Reference', kind: 'string', operators: ['=', '!=', 'like', 'is null', 'is not null'] }, optimised: true } },
      { name: 'Date', type: 'date', format: 'msdate', description: 'date', source: { kind: 'field', path: 'Date' }, filter: { where: { field: 'Date', kind: 'date', operators: ['=', '<', '<=', '>', '>='] }, optimised: true }, order: 'Date' },
      { name: 'Total', type: 'decimal', description: 'total', source: { kind: 'field', path: 'Total' }, filter: { where: { field: 'Total', kind: 'number', operators: ['=', '<', '<=', '>', '>='] } }, order: 'Total' },
      { name: 'UpdatedDateUTC', type: 'datetime', format: 'msdatetime', description: 'updated', source: { kind: 'field', path: 'UpdatedDateUTC' }, filter: { modifiedSince: true }, order: 'UpdatedDateUTC' },
      { name: 'LineItem_Description', type: 'text', description: 'line', source: { kind: 'field', path: 'Description', scope: 'item' } },
      tenant,
    ],
  },
  {
    name: 'Contacts',
    schema: 'ACCOUNTING',
    kind: 'table',
    description: 'Contacts',
    request: { base, path: '/Contacts', byIdPath: '/Contacts/{id}', envelope: 'Contacts', paging: { style: 'page', size: 100, sizeParam: 'pageSize', maxSize: 1000, pagination: true, optional: true }, where: true, order: true },
    rows: { kind: 'record' },
    columns: [
      { name: 'ContactId', type: 'text', description: 'id', source: { kind: 'field', path: 'ContactID' }, key: true, filter: { byId: true, param: { name: 'IDs', operators: ['=', 'in'] } } },
      { name: 'Name', type: 'text', description: 'name', source: { kind: 'field', path: 'Name' }, filter: { where: { field: 'Name', kind: 'string', operators: ['=', '!=', 'like'] } } },
      tenant,
    ],
  },
  {
    name: 'HistoryInvoices',
    schema: 'ACCOUNTING',
    kind: 'view',
    description: 'history',
    request: { base, path: '/Invoices/{InvoiceId}/History', envelope: 'HistoryRecords', paging: { style: 'none' } },
    rows: { kind: 'record' },
    columns: [
      { name: 'InvoiceId', type: 'text', description: 'parent', source: { kind: 'field', path: 'InvoiceID' }, key: true, filter: { pathParam: true } },
      { name: 'Details', type: 'text', description: 'details', source: { kind: 'field', path: 'Details' } },
      tenant,
    ],
  },
  {
    name: 'HistoryContacts',
    schema: 'ACCOUNTING',
    kind: 'view',
    description: 'history read per contact, from Contacts when WHERE has none',
    request: { base, path: '/Contacts/{ContactId}/History', envelope: 'HistoryRecords', paging: { style: 'none' } },
    rows: { kind: 'record' },
    columns: [
      { name: 'ContactId', type: 'text', description: 'parent', source: { kind: 'pathValue' }, key: true, filter: { pathParam: true, valuesFrom: { table: 'Contacts', column: 'ContactId' } } },
      { name: 'Details', type: 'text', description: 'details', source: { kind: 'field', path: 'Details' } },
      tenant,
    ],
  },
  {
    name: 'AgedPayables',
    schema: 'ACCOUNTING',
    kind: 'view',
    description: 'report per contact',
    request: { base, path: '/Reports/AgedPayablesByContact', envelope: 'Reports', paging: { style: 'none' } },
    rows: { kind: 'report' },
    columns: [
      { name: 'ID', type: 'integer', description: 'row', source: { kind: 'reportRow' }, key: true },
      { name: 'ContactId', type: 'text', description: 'contact', source: { kind: 'pseudo', param: 'contactId', required: true }, filter: { valuesFrom: { table: 'Contacts', column: 'ContactId' } } },
      tenant,
    ],
  },
  {
    name: 'ProfitAndLoss',
    schema: 'ACCOUNTING',
    kind: 'view',
    description: 'report',
    request: { base, path: '/Reports/ProfitAndLoss', envelope: 'Reports', paging: { style: 'none' } },
    rows: { kind: 'report' },
    columns: [
      { name: 'ID', type: 'integer', description: 'row', source: { kind: 'reportRow' }, key: true },
      { name: 'Label1', type: 'text', description: 'cell', source: { kind: 'reportCell', index: 1 } },
      { name: 'FromDate', type: 'date', description: 'from', source: { kind: 'pseudo', param: 'fromDate' } },
      { name: 'ToDate', type: 'date', description: 'to', source: { kind: 'pseudo', param: 'toDate' } },
      tenant,
    ],
  },
  {
    name: 'Journals',
    schema: 'ACCOUNTING',
    kind: 'view',
    description: 'journals',
    request: { base, path: '/Journals', envelope: 'Journals', paging: { style: 'offset', param: 'offset', field: 'JournalNumber', size: 100 } },
    rows: { kind: 'record' },
    columns: [
      { name: 'JournalId', type: 'text', description: 'id', source: { kind: 'field', path: 'JournalID' }, key: true },
      { name: 'CreatedDateUTC', type: 'datetime', format: 'msdatetime', description: 'created', source: { kind: 'field', path: 'CreatedDateUTC' }, filter: { modifiedSince: true } },
      tenant,
    ],
  },
  {
    name: 'Tenants',
    schema: 'ACCOUNTING',
    kind: 'view',
    description: 'tenants',
    request: { base, path: '/connections', paging: { style: 'none' } },
    rows: { kind: 'tenants' },
    columns: [{ name: 'TenantId', type: 'text', description: 'id', source: { kind: 'tenant' }, key: true }],
  },
];

export const FIXTURE_TABLES: readonly TableDef[] = defs.map((d) => tableDefSchema.parse(d));

export const fixtureCatalog: PlannerCatalog = {
  find: (_schema, name) => FIXTURE_TABLES.find((t) => t.name.toLowerCase() === name.toLowerCase()),
  suggest: (_schema, name) => {
    const c = closest(name, FIXTURE_TABLES.map((t) => t.name));
    return c ? [c] : [];
  },
  systemTables: ['sys_tables'],
};
