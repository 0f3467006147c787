/**
 * The Accounting API (`/api.xro/2.0`) routes, built from the endpoint declarations plus the few
 * singleton resources (Organisation, settings) and the reports.
 */
import type { ApiCall, ApiRouteDef } from '../api.js';
import type { XeroRecord } from '../data/types.js';
import type { SimResponse } from '../http.js';
import { loadTypeModel } from '../where/index.js';
import { ATTACHMENT_SCOPES, COLLECTION_ENDPOINTS, type CollectionEndpoint } from './endpoints.js';
import { runGetQuery, runListQuery } from './list-query.js';
import { renderPdf } from './pdf.js';
import { getPath } from './records.js';
import { createReportRoutes } from './reports/index.js';
import { envelope, errorResponse, notFound, validationException } from './responses.js';

/** Base path of the Accounting API. */
export const ACCOUNTING_BASE = '/api.xro/2.0';

const SETTINGS_SCOPES = ['accounting.settings.read'];

/** Every Accounting API GET route. */
export function createAccountingRoutes(): ApiRouteDef[] {
  const model = loadTypeModel('accounting');
  const routes: ApiRouteDef[] = [];
  for (const endpoint of COLLECTION_ENDPOINTS) {
    const base = `${ACCOUNTING_BASE}/${endpoint.path}`;
    const records = (call: ApiCall) => call.org.accounting.collections[endpoint.collection];
    const found = (call: ApiCall) => findRecord(endpoint, records(call), call.req.params.id ?? '');

    routes.push({
      pattern: base,
      scopes: endpoint.scopes,
      handler: (call) => {
        const result = runListQuery(endpoint, records(call), call.req, model);
        if (!result.ok) return errorResponse(result.error);
        return envelope(call.app.name, call.nowMs, endpoint.collection, result.records, result.pagination ? { pagination: result.pagination } : {});
      },
    });
    routes.push({
      pattern: `${base}/:id`,
      scopes: endpoint.scopes,
      handler: (call) => {
        const record = found(call);
        if (!record) return notFound();
        const result = runGetQuery(endpoint, record, call.req);
        if (!result.ok) return errorResponse(result.error);
        return envelope(call.app.name, call.nowMs, endpoint.collection, result.records);
      },
    });
    if (endpoint.history) {
      routes.push({
        pattern: `${base}/:id/History`,
        scopes: endpoint.scopes,
        handler: (call) => {
          const record = found(call);
          if (!record) return notFound();
          const history = call.org.accounting.history.get(String(record[endpoint.idField])) ?? [];
          return envelope(call.app.name, call.nowMs, 'HistoryRecords', history);
        },
      });
    }
    if (endpoint.attachments) {
      routes.push({
        pattern: `${base}/:id/Attachments`,
        scopes: ATTACHMENT_SCOPES,
        handler: (call) => {
          const record = found(call);
          if (!record) return notFound();
          const attachments = call.org.accounting.attachments.get(String(record[endpoint.idField])) ?? [];
          return envelope(call.app.name, call.nowMs, 'Attachments', attachments.map((a) => a.record));
        },
      });
      routes.push({
        pattern: `${base}/:id/Attachments/:name`,
        scopes: ATTACHMENT_SCOPES,
        handler: (call) => {
          const record = found(call);
          if (!record) return notFound();
          const name = call.req.params.name ?? '';
          const attachment = (call.org.accounting.attachments.get(String(record[endpoint.idField])) ?? []).find(
            (a) => String(a.record.AttachmentID).toLowerCase() === name.toLowerCase() || a.record.FileName === name,
          );
          if (!attachment) return notFound();
          return {
            status: 200,
            headers: { 'content-type': String(attachment.record.MimeType ?? 'application/octet-stream') },
            body: attachment.content,
          };
        },
      });
    }
    if (endpoint.pdf) {
      routes.push({
        pattern: `${base}/:id/pdf`,
        scopes: endpoint.scopes,
        handler: (call) => {
          const record = found(call);
          return record ? pdfOf(call, endpoint, record) : notFound();
        },
      });
    }
  }
  routes.push(...singletonRoutes(), ...createReportRoutes());
  return routes;
}

/** Finds a record by id (GUIDs case-insensitively) or by one of the endpoint's alternative keys. */
function findRecord(endpoint: CollectionEndpoint, records: readonly XeroRecord[], key: string): XeroRecord | undefined {
  const index = indexFor(endpoint, records);
  return index.get(key.toLowerCase()) ?? index.get(key);
}

const indexes = new WeakMap<readonly XeroRecord[], Map<string, XeroRecord>>();

function indexFor(endpoint: CollectionEndpoint, records: readonly XeroRecord[]): Map<string, XeroRecord> {
  let index = indexes.get(records);
  if (!index) {
    index = new Map();
    for (const r of records) {
      for (const key of endpoint.altKeys ?? []) {
        const value = r[key];
        if (value !== undefined && value !== null && !index.has(String(value))) index.set(String(value), r);
      }
    }
    // Ids win over alternative keys that happen to look the same.
    for (const r of records) index.set(String(r[endpoint.idField]).toLowerCase(), r);
    indexes.set(records, index);
  }
  return index;
}

function pdfOf(call: ApiCall, endpoint: CollectionEndpoint, record: XeroRecord): SimResponse {
  const number = ['InvoiceNumber', 'CreditNoteNumber', 'QuoteNumber', 'PurchaseOrderNumber']
    .map((k) => record[k])
    .find((v) => typeof v === 'string');
  const lines = [
    String(call.org.tenantName),
    `${endpoint.type} ${number ?? record[endpoint.idField]}`,
    `To: ${String(getPath(record, 'Contact.Name') ?? '')}`,
    '',
  ];
  const items = record.LineItems;
  if (Array.isArray(items)) {
    for (const item of items) {
      if (item && typeof item === 'object' && !Array.isArray(item)) {
        lines.push(`${String(item.Description ?? '')}  ${String(item.LineAmount ?? '')}`);
      }
    }
  }
  lines.push('', `Total ${String(record.CurrencyCode ?? '')} ${String(record.Total ?? '')}`);
  return { status: 200, headers: { 'content-type': 'application/pdf' }, body: renderPdf(lines) };
}

/** The Organisation and the settings resources that are one per organisation. */
function singletonRoutes(): ApiRouteDef[] {
  return [
    {
      pattern: `${ACCOUNTING_BASE}/Organisation`,
      scopes: SETTINGS_SCOPES,
      // The key is plural even though there is one organisation (xero-api-endpoints.md §1).
      handler: (call) => envelope(call.app.name, call.nowMs, 'Organisations', [call.org.accounting.organisation]),
    },
    {
      pattern: `${ACCOUNTING_BASE}/Organisation/Actions`,
      scopes: SETTINGS_SCOPES,
      handler: (call) => {
        const multiCurrency = call.org.accounting.collections.Currencies.length > 1;
        const actions = ORGANISATION_ACTIONS.map((name) => ({
          Name: name,
          Status: name === 'UseMulticurrency' && !multiCurrency ? 'NOT-ALLOWED' : 'ALLOWED',
        }));
        return envelope(call.app.name, call.nowMs, 'Actions', actions);
      },
    },
    {
      pattern: `${ACCOUNTING_BASE}/Organisation/:id/CISSettings`,
      scopes: SETTINGS_SCOPES,
      handler: (call) => {
        if (String(call.org.accounting.organisation.OrganisationID).toLowerCase() !== (call.req.params.id ?? '').toLowerCase()) {
          return notFound();
        }
        // CIS is a UK scheme; our organisations are AU and NZ, so it is off.
        return envelope(call.app.name, call.nowMs, 'CISSettings', [{ CISContractorEnabled: false, CISSubContractorEnabled: false }]);
      },
    },
    {
      pattern: `${ACCOUNTING_BASE}/Contacts/:id/CISSettings`,
      scopes: SETTINGS_SCOPES,
      handler: (call) => {
        const contacts = COLLECTION_ENDPOINTS.find((e) => e.collection === 'Contacts');
        if (!contacts || !findRecord(contacts, call.org.accounting.collections.Contacts, call.req.params.id ?? '')) return notFound();
        return envelope(call.app.name, call.nowMs, 'CISSettings', [{ CISEnabled: false }]);
      },
    },
    {
      pattern: `${ACCOUNTING_BASE}/Invoices/:id/OnlineInvoice`,
      scopes: ['accounting.transactions.read', 'accounting.invoices.read'],
      handler: (call) => {
        const invoices = COLLECTION_ENDPOINTS.find((e) => e.collection === 'Invoices');
        const invoice = invoices && findRecord(invoices, call.org.accounting.collections.Invoices, call.req.params.id ?? '');
        if (!invoice) return notFound();
        // Only sales invoices that have been approved have an online view (UNCERTAIN: Xero's exact rule).
        if (invoice.Type !== 'ACCREC' || !['AUTHORISED', 'PAID'].includes(String(invoice.Status))) {
          return errorResponse(validationException('Online invoices are only available for approved sales invoices.'));
        }
        const token = String(invoice.InvoiceID).replace(/-/g, '');
        return envelope(call.app.name, call.nowMs, 'OnlineInvoices', [{ OnlineInvoiceUrl: `${call.req.origin}/online-invoice/${token}` }]);
      },
    },
    {
      pattern: `${ACCOUNTING_BASE}/InvoiceReminders/Settings`,
      scopes: SETTINGS_SCOPES,
      handler: (call) => envelope(call.app.name, call.nowMs, 'InvoiceReminders', [{ Enabled: true }]),
    },
    {
      pattern: `${ACCOUNTING_BASE}/PaymentServices`,
      scopes: ['paymentservices'],
      handler: (call) => envelope(call.app.name, call.nowMs, 'PaymentServices', []),
    },
    {
      pattern: `${ACCOUNTING_BASE}/BrandingThemes/:id/PaymentServices`,
      scopes: ['paymentservices'],
      handler: (call) => {
        const themes = COLLECTION_ENDPOINTS.find((e) => e.collection === 'BrandingThemes');
        if (!themes || !findRecord(themes, call.org.accounting.collections.BrandingThemes, call.req.params.id ?? '')) return notFound();
        return envelope(call.app.name, call.nowMs, 'PaymentServices', []);
      },
    },
  ];
}

/** Action names from the spec's `/Organisation/Actions` example. */
const ORGANISATION_ACTIONS = [
  'CreateApprovedInvoice',
  'CreateDraftPurchaseOrder',
  'CreateApprovedBill',
  'AttachFilesIntoInvoice',
  'UseMulticurrency',
  'CreateDraftInvoice',
  'CreateRepeatingInvoice',
  'CreateRepeatingBill',
  'CreateSentQuote',
  'CreateInvoicePayment',
  'CreateApprovedPurchaseOrder',
  'CreateDraftQuote',
  'CreateDraftBill',
] as const;
