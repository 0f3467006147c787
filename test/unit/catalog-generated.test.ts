import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SPEC_DIR, generateSchemas, OUT_DIR, OVERLAY } from '../../scripts/gen-schemas.js';

// The specs live outside the repository (DESIGN.md §5): a fresh clone has the generated files
// but not their source, so only these tests skip without them. CI has them.
const skip = existsSync(join(DEFAULT_SPEC_DIR, 'xero_accounting.yaml')) ? false : `no Xero OpenAPI spec in ${DEFAULT_SPEC_DIR} (it is outside the repository)`;

describe('gen-schemas', { skip }, () => {
  it('schemas/accounting/ is exactly what the generator makes from the spec and the overlay (npx tsx scripts/gen-schemas.ts)', () => {
    const files = generateSchemas();
    const onDisk = readdirSync(OUT_DIR).filter((f) => f.endsWith('.json'));
    assert.deepEqual(onDisk.sort(), [...files.keys()].sort());
    for (const [file, text] of files) assert.equal(readFileSync(join(OUT_DIR, file), 'utf8'), text, `${file} is out of date`);
  });

  it('reports every overlay entry the spec does not have, at once', () => {
    const overlay = JSON.parse(readFileSync(OVERLAY, 'utf8'));
    overlay.tables.Accounts.key = 'AccountIdentifier';
    overlay.tables.Contacts.header.nested.Balancez = {};
    overlay.tables.Contacts.columns.NoSuchColumn = { description: 'x' };
    overlay.tables.Items.request.path = '/Itemz';
    overlay.tables.Invoices.item = 'noSuchPart';
    const dir = mkdtempSync(join(tmpdir(), 'gen-schemas-'));
    try {
      const file = join(dir, 'overlay.json');
      writeFileSync(file, JSON.stringify(overlay));
      assert.throws(
        () => generateSchemas(DEFAULT_SPEC_DIR, file),
        (error: Error) => {
          assert.match(error.message, /Accounts: "key" must name the record's id property \(got AccountIdentifier\)/);
          assert.match(error.message, /Contacts: record overlay names Balancez, which the spec's record has not/);
          assert.match(error.message, /Contacts: columns: no generated column NoSuchColumn/);
          assert.match(error.message, /Items: the spec has no GET \/Itemz/);
          assert.match(error.message, /Invoices: item names the part noSuchPart/);
          return true;
        },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
