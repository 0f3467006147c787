/**
 * The Files API's generated data agrees with itself and with the Accounting books, for both
 * organisations: every association points at an existing Accounting record of the group and
 * type it claims, every file's bytes are `Size` long and of its MIME type, folder counts add up,
 * dates are Xero's Files format and never after the books' "today", and the same seed gives the
 * same data.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_AS_OF_MS, generateOrganisations } from '../../src/simulator/data/generate.js';
import { parseMsDate } from '../../src/simulator/data/msdate.js';
import { Random } from '../../src/simulator/data/random.js';
import type { OrgData, XeroRecord } from '../../src/simulator/data/types.js';
import { generateFilesData } from '../../src/simulator/files/index.js';

const orgs = generateOrganisations({ seed: 3, scale: 1, asOfMs: DEFAULT_AS_OF_MS });
const FILES_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}$/;
const at = (text: unknown): number => Date.parse(`${String(text).slice(0, 23)}Z`);
const collection = (org: OrgData, name: string): XeroRecord[] => org.files?.collections[name] ?? [];

/** Where each association group's records live in the books, and the ObjectType each has. */
function accountingTarget(org: OrgData, association: XeroRecord): { record?: XeroRecord; expectedType?: string; dateMs?: number } {
  const c = org.accounting.collections;
  const id = association['ObjectId'];
  switch (association['ObjectGroup']) {
    case 'Invoice': {
      const record = c.Invoices.find((i) => i['InvoiceID'] === id);
      return { record, expectedType: record?.['Type'] === 'ACCREC' ? 'AccRec' : 'Accpay', dateMs: record ? parseMsDate(String(record['Date'])) : undefined };
    }
    case 'BankTransaction': {
      const record = c.BankTransactions.find((b) => b['BankTransactionID'] === id);
      return { record, expectedType: record?.['Type'] === 'SPEND' ? 'CashPaid' : 'CashRec', dateMs: record ? parseMsDate(String(record['Date'])) : undefined };
    }
    case 'Contact': {
      const record = c.Contacts.find((x) => x['ContactID'] === id);
      const person = record && `${String(record['FirstName'])} ${String(record['LastName'])}` === record['Name'];
      return { record, expectedType: person ? 'Person' : 'Business' };
    }
    case 'Account': {
      const record = c.Accounts.find((a) => a['AccountID'] === id);
      return { record, expectedType: record?.['Type'] === 'BANK' ? 'Bank' : undefined };
    }
    default:
      return {};
  }
}

for (const org of orgs) {
  describe(`Files data of ${org.tenantName}`, () => {
    const files = collection(org, 'Files');
    const folders = collection(org, 'Folders');
    const associations = collection(org, 'Associations');

    it('has a small business\'s worth of files in 3-5 folders, one of them the Inbox', () => {
      assert.ok(files.length >= 20 && files.length <= 40, `${files.length} files`);
      assert.ok(folders.length >= 3 && folders.length <= 5, `${folders.length} folders`);
      const inboxes = folders.filter((f) => f['IsInbox'] === true);
      assert.equal(inboxes.length, 1);
      assert.equal(folders[0], inboxes[0], 'the Inbox comes first');
      // "Only the inbox will have this element" (spec).
      assert.deepEqual(folders.filter((f) => 'Email' in f), inboxes);
    });

    it('stores records in exactly the by-id shape', () => {
      for (const f of files) {
        assert.deepEqual(Object.keys(f), ['Name', 'MimeType', 'Size', 'CreatedDateUtc', 'UpdatedDateUtc', 'User', 'Id', 'FolderId']);
        assert.deepEqual(Object.keys(f['User'] as XeroRecord), ['Name', 'FirstName', 'LastName', 'FullName', 'Id']);
      }
      for (const a of associations) {
        assert.deepEqual(Object.keys(a), ['SendWithObject', 'Name', 'Size', 'CreatedDateUtc', 'AssociationDateUtc', 'FileId', 'ObjectId', 'ObjectType', 'ObjectGroup']);
      }
    });

    it('keeps folder counts, names and uploaders consistent', () => {
      const folderIds = new Set(folders.map((f) => f['Id']));
      for (const folder of folders) assert.equal(folder['FileCount'], files.filter((f) => f['FolderId'] === folder['Id']).length, String(folder['Name']));
      assert.ok(files.every((f) => folderIds.has(f['FolderId'])));
      assert.equal(new Set(files.map((f) => String(f['Name']).toLowerCase())).size, files.length, 'file names are unique');
      const users = new Map(org.accounting.collections.Users.map((u) => [u['UserID'], u]));
      for (const f of files) {
        const user = f['User'] as XeroRecord;
        const real = users.get(user['Id']);
        assert.ok(real, `${String(f['Name'])} was uploaded by a user of the organisation`);
        assert.equal(user['Name'], real['EmailAddress'], 'User.Name is the e-mail address (spec)');
        assert.equal(user['FullName'], `${String(real['FirstName'])} ${String(real['LastName'])}`);
      }
    });

    it('keeps each file\'s bytes, Size length and of its type', () => {
      assert.equal(org.files?.blobs.size, files.length);
      for (const f of files) {
        const bytes = org.files?.blobs.get(String(f['Id']));
        assert.ok(bytes, String(f['Name']));
        assert.equal(bytes.length, f['Size']);
        const head = bytes.subarray(0, 8);
        if (f['MimeType'] === 'application/pdf') assert.equal(head.subarray(0, 5).toString('latin1'), '%PDF-');
        else if (f['MimeType'] === 'image/png') assert.equal(head.toString('hex'), '89504e470d0a1a0a');
        else if (f['MimeType'] === 'text/csv') assert.match(bytes.toString('utf8'), /^Date,Description,Reference,Amount\r\n(\d{4}-\d{2}-\d{2},.*\r\n)+$/);
        else assert.equal(f['MimeType'], 'text/plain');
        assert.ok(String(f['Name']).endsWith({ 'application/pdf': '.pdf', 'image/png': '.png', 'text/csv': '.csv', 'text/plain': '.txt' }[String(f['MimeType'])] ?? '?'));
      }
    });

    it('dates everything in the Files format, in order, and on or before "today"', () => {
      for (const f of files) {
        assert.match(String(f['CreatedDateUtc']), FILES_DATE);
        assert.match(String(f['UpdatedDateUtc']), FILES_DATE);
        assert.ok(at(f['CreatedDateUtc']) <= at(f['UpdatedDateUtc']));
        assert.ok(at(f['UpdatedDateUtc']) <= org.asOfMs, `${String(f['Name'])} updated after today`);
      }
      const created = files.map((f) => String(f['CreatedDateUtc']));
      assert.deepEqual(created, [...created].sort(), 'files are stored in upload order');
    });

    it('associates files with existing Accounting records of the right group and type', () => {
      const byId = new Map(files.map((f) => [f['Id'], f]));
      const groups = new Set<string>();
      for (const a of associations) {
        const file = byId.get(a['FileId']);
        assert.ok(file, 'the association names a file');
        assert.equal(a['Name'], file['Name']);
        assert.equal(a['Size'], file['Size']);
        assert.equal(a['CreatedDateUtc'], file['CreatedDateUtc']);
        assert.ok(at(a['AssociationDateUtc']) >= at(file['CreatedDateUtc']) && at(a['AssociationDateUtc']) <= org.asOfMs);
        const target = accountingTarget(org, a);
        assert.ok(target.record, `${String(a['ObjectGroup'])} ${String(a['ObjectId'])} exists in the books`);
        assert.equal(a['ObjectType'], target.expectedType, `${String(a['ObjectGroup'])} type`);
        assert.ok(!['DELETED', 'VOIDED'].includes(String(target.record['Status'])), 'never a deleted or voided record');
        // A document's file arrives with or after it (a customer's order up to two days before the invoice).
        if (target.dateMs !== undefined) assert.ok(at(file['CreatedDateUtc']) >= target.dateMs - 2 * 86_400_000, `${String(file['Name'])} predates its record`);
        if (a['SendWithObject'] === true) assert.equal(a['ObjectType'], 'AccRec', 'only sales documents send files with them');
        groups.add(`${String(a['ObjectGroup'])}/${String(a['ObjectType'])}`);
      }
      for (const kind of ['Invoice/AccRec', 'Invoice/Accpay', 'BankTransaction/CashPaid', 'Account/Bank']) assert.ok(groups.has(kind), `no ${kind} association`);
      assert.ok(groups.has('Contact/Business') || groups.has('Contact/Person'), 'no contact association');
      assert.equal(new Set(associations.map((a) => `${String(a['FileId'])}:${String(a['ObjectId'])}`)).size, associations.length, 'no duplicate associations');
      assert.ok(files.some((f) => associations.filter((a) => a['FileId'] === f['Id']).length >= 2), 'some file has two associations');
    });
  });
}

describe('Files data generation', () => {
  const org = orgs[0] as OrgData;
  it('is deterministic for a seed and differs between seeds', () => {
    const once = generateFilesData(org, new Random(9).fork('files'), 1);
    const again = generateFilesData(org, new Random(9).fork('files'), 1);
    const other = generateFilesData(org, new Random(10).fork('files'), 1);
    assert.deepEqual(again?.collections, once?.collections);
    assert.deepEqual([...(again?.blobs ?? [])], [...(once?.blobs ?? [])]);
    assert.notDeepEqual(other?.collections, once?.collections);
  });

  it('grows with the scale', () => {
    const big = generateFilesData(org, new Random(9).fork('files'), 4);
    assert.ok((big?.collections['Files']?.length ?? 0) >= 110, `${big?.collections['Files']?.length} files at scale 4`);
  });
});
