/**
 * Attachments: small files (a PNG image, a one-page PDF, a text note) on a share of documents and
 * contacts. A record with attachments has `HasAttachments: true` and lists them in `Attachments`;
 * every other record keeps `HasAttachments: false` (quotes, whose schema has neither field, only
 * have their files listed by the attachments endpoint). Which records get files is decided from their
 * ids, so it needs no random draws; the files' contents come from the organisation's stream.
 */
import { crc32, deflateSync } from 'node:zlib';
import type { OrgContext } from './context.js';
import type { AccountingCollection, AttachmentData, XeroRecord } from './types.js';

type Kind = 'png' | 'pdf' | 'txt';

interface Rule {
  readonly collection: AccountingCollection;
  readonly idKey: string;
  /** The path segment of the attachment URL. */
  readonly endpoint: string;
  readonly percent: number;
  readonly kinds: readonly Kind[];
  /** Whether the file can be shown on the online invoice (sales documents only). */
  readonly online: boolean;
  /**
   * Whether the record type has `HasAttachments`/`Attachments` fields in the spec. Quotes have
   * an attachments endpoint but no such fields, so theirs are only listed by the endpoint.
   */
  readonly flagged: boolean;
}

const RULES: readonly Rule[] = [
  { collection: 'Invoices', idKey: 'InvoiceID', endpoint: 'Invoices', percent: 6, kinds: ['pdf', 'png'], online: true, flagged: true },
  { collection: 'CreditNotes', idKey: 'CreditNoteID', endpoint: 'CreditNotes', percent: 12, kinds: ['pdf'], online: true, flagged: true },
  { collection: 'BankTransactions', idKey: 'BankTransactionID', endpoint: 'BankTransactions', percent: 6, kinds: ['png', 'pdf'], online: false, flagged: true },
  { collection: 'BankTransfers', idKey: 'BankTransferID', endpoint: 'BankTransfers', percent: 10, kinds: ['txt'], online: false, flagged: true },
  { collection: 'Contacts', idKey: 'ContactID', endpoint: 'Contacts', percent: 8, kinds: ['pdf', 'txt'], online: false, flagged: true },
  { collection: 'ManualJournals', idKey: 'ManualJournalID', endpoint: 'ManualJournals', percent: 12, kinds: ['pdf', 'txt'], online: false, flagged: true },
  { collection: 'Receipts', idKey: 'ReceiptID', endpoint: 'Receipts', percent: 40, kinds: ['png'], online: false, flagged: true },
  { collection: 'PurchaseOrders', idKey: 'PurchaseOrderID', endpoint: 'PurchaseOrders', percent: 12, kinds: ['pdf'], online: false, flagged: true },
  { collection: 'RepeatingInvoices', idKey: 'RepeatingInvoiceID', endpoint: 'RepeatingInvoices', percent: 25, kinds: ['pdf'], online: false, flagged: true },
  { collection: 'Accounts', idKey: 'AccountID', endpoint: 'Accounts', percent: 5, kinds: ['pdf'], online: false, flagged: true },
  { collection: 'Quotes', idKey: 'QuoteID', endpoint: 'Quotes', percent: 12, kinds: ['pdf'], online: false, flagged: false },
];

const MIME: { readonly [K in Kind]: string } = { png: 'image/png', pdf: 'application/pdf', txt: 'text/plain' };

/**
 * Attaches files to a share of the records in `collections` (already in their final order) and
 * returns the attachments by record id.
 */
export function createAttachments(ctx: OrgContext, collections: { readonly [K in AccountingCollection]: XeroRecord[] }): Map<string, AttachmentData[]> {
  const rnd = ctx.rnd.fork('attachments');
  const out = new Map<string, AttachmentData[]>();
  for (const rule of RULES) {
    for (const [index, record] of collections[rule.collection].entries()) {
      const id = String(record[rule.idKey]);
      // The bank side of a prepayment or overpayment shares the credit's id; leave it bare so an
      // id never names two different sets of files.
      const type = String(record['Type'] ?? '');
      if (type.endsWith('-PREPAYMENT') || type.endsWith('-OVERPAYMENT')) continue;
      // The first record of each kind always has files, so every attachments endpoint has some.
      if (index > 0 && Number.parseInt(id.slice(9, 13), 16) % 100 >= rule.percent) continue;
      const files: AttachmentData[] = [];
      const count = rnd.chance(0.8) ? 1 : 2;
      for (let i = 0; i < count; i++) {
        const kind = rnd.pick(rule.kinds);
        const title = describe(record);
        const content = kind === 'png' ? png(rnd.int(0, PNG_VARIANTS - 1)) : kind === 'pdf' ? pdf(title) : Buffer.from(`${title}\nFiled by ${ctx.users[0]?.fullName ?? 'admin'}.\n`, 'utf8');
        const fileName = `${slugOf(title)}${i === 0 ? '' : `-${i + 1}`}.${kind}`;
        files.push({
          record: {
            AttachmentID: rnd.guid(),
            FileName: fileName,
            Url: `https://api.xero.com/api.xro/2.0/${rule.endpoint}/${id}/Attachments/${encodeURIComponent(fileName)}`,
            MimeType: MIME[kind],
            ContentLength: content.length,
            ...(rule.online ? { IncludeOnline: rnd.chance(0.5) } : {}),
          },
          content,
        });
      }
      if (rule.flagged) {
        record['HasAttachments'] = true;
        record['Attachments'] = files.map((f) => f.record);
      }
      out.set(id, files);
    }
  }
  return out;
}

/** A short human title for a record's file. */
function describe(record: XeroRecord): string {
  const label =
    record['InvoiceNumber'] ?? record['CreditNoteNumber'] ?? record['PurchaseOrderNumber'] ?? record['QuoteNumber'] ?? record['Narration'] ?? record['Name'] ?? record['Reference'];
  const text = typeof label === 'string' && label !== '' ? label : 'document';
  return typeof record['ReceiptNumber'] === 'number' ? `receipt ${record['ReceiptNumber']}` : text;
}

function slugOf(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'document';
}

/** How many different images there are; files share them (their buffers are never written to). */
const PNG_VARIANTS = 24;
const pngCache = new Map<number, Buffer>();

/** A valid 16 × 16 RGB PNG, variant `n` of a two-colour gradient (a thumbnail of a scan). */
function png(n: number): Buffer {
  const cached = pngCache.get(n);
  if (cached !== undefined) return cached;
  const size = 16;
  const shade = (k: number): number => (n * 97 + k * 61) % 256;
  const [r1, g1, b1, r2, g2, b2] = [shade(1), shade(2), shade(3), shade(4), shade(5), shade(6)];
  const raw = Buffer.alloc(size * (1 + size * 3));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 3);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const t = (x + y) / (2 * size - 2);
      raw[row + 1 + x * 3] = Math.round(r1 + (r2 - r1) * t);
      raw[row + 2 + x * 3] = Math.round(g1 + (g2 - g1) * t);
      raw[row + 3 + x * 3] = Math.round(b1 + (b2 - b1) * t);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, no filter method, no interlace
  const image = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  pngCache.set(n, image);
  return image;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A small, well-formed one-page PDF showing `title`. */
function pdf(title: string): Buffer {
  const text = title.replace(/[()\\]/g, '').replace(/[^\x20-\x7e]/g, '?');
  const stream = `BT /F1 14 Tf 36 96 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 160] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
