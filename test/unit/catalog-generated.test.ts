import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SPEC_DIR, generateSchemas, outDirFor, OVERLAY, overlayFiles } from '../../scripts/gen-schemas.js';

// The specs live outside the repository (DESIGN.md §5): a fresh clone has the generated files
// but not their source, so only these tests skip without them. CI has them.
const skip = existsSync(join(DEFAULT_SPEC_DIR, 'xero_accounting.yaml')) ? false : `no Xero OpenAPI spec in ${DEFAULT_SPEC_DIR} (it is outside the repository)`;

describe('gen-schemas', { skip }, () => {
  it('each schemas/<schema>/ is exactly what the generator makes from the specs and the overlays (npx tsx scripts/gen-schemas.ts)', () => {
    const overlays = overlayFiles();
    assert.deepEqual(overlays.map((f) => f.slice(f.lastIndexOf('/') + 1)), ['accounting.json', 'assets.json', 'files.json', 'payrollaus.json', 'projects.json']);
    for (const overlay of overlays) {
      const files = generateSchemas(DEFAULT_SPEC_DIR, overlay);
      const outDir = outDirFor(overlay);
      const onDisk = readdirSync(outDir).filter((f) => f.endsWith('.json'));
      assert.deepEqual(onDisk.sort(), [...files.keys()].sort(), outDir);
      for (const [file, text] of files) assert.equal(readFileSync(join(outDir, file), 'utf8'), text, `${outDir}/${file} is out of date`);
    }
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
