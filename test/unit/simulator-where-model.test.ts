// The generated where type model (src/simulator/generated/where-types.json): what it says
// about the types the simulator filters, that it is self-consistent, and (when Xero's specs
// are present) that it is what the generator makes from them today.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadTypeModel } from '../../src/simulator/where/index.js';
import type { FieldKind, TypeModel } from '../../src/simulator/where/index.js';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..');
const committed = join(repoRoot, 'src/simulator/generated/where-types.json');
const specDir = resolve(repoRoot, '../shared/xero-openapi');

const accounting = loadTypeModel('accounting');
const payroll = loadTypeModel('payrollAu');

describe('where type model', () => {
  it('describes Invoice with every kind of field', () => {
    const invoice = accounting.Invoice;
    assert.ok(invoice);
    assert.deepEqual(invoice.InvoiceID, { kind: 'guid' });
    assert.deepEqual(invoice.Date, { kind: 'date' });
    assert.deepEqual(invoice.UpdatedDateUTC, { kind: 'datetime' });
    assert.deepEqual(invoice.Total, { kind: 'number' });
    assert.deepEqual(invoice.Reference, { kind: 'string' });
    assert.deepEqual(invoice.HasAttachments, { kind: 'boolean' });
    assert.deepEqual(invoice.Contact, { kind: 'object', ref: 'Contact' });
    assert.deepEqual(invoice.LineItems, { kind: 'array', items: { kind: 'object', ref: 'LineItem' } });
    const status = invoice.Status;
    assert.ok(status?.kind === 'enum' && status.values.includes('AUTHORISED'));
    // `$ref` to a string enum schema resolves to the enum.
    const currency = invoice.CurrencyCode;
    assert.ok(currency?.kind === 'enum' && currency.values.includes('AUD'));
    assert.deepEqual(accounting.Attachment?.ContentLength, { kind: 'integer' });
  });

  it('keeps Payroll AU v1 separate, with its own Employee', () => {
    const employee = payroll.Employee;
    assert.ok(employee);
    assert.deepEqual(employee.EmployeeID, { kind: 'guid' });
    assert.deepEqual(employee.DateOfBirth, { kind: 'date' });
    assert.deepEqual(employee.HomeAddress, { kind: 'object', ref: 'HomeAddress' });
    assert.deepEqual(employee.Status, { kind: 'enum', values: ['ACTIVE', 'TERMINATED'] });
    assert.equal(accounting.Employee?.DateOfBirth, undefined);
    // `$ref` to an array schema, and inline objects (named after their place).
    assert.deepEqual(payroll.Timesheet?.TimesheetLines, { kind: 'array', items: { kind: 'object', ref: 'TimesheetLine' } });
    assert.deepEqual(payroll.Settings?.TrackingCategories, { kind: 'object', ref: 'Settings.TrackingCategories' });
    assert.deepEqual(payroll['Settings.TrackingCategories.EmployeeGroups']?.TrackingCategoryID, { kind: 'guid' });
  });

  it('every object reference names a type of the same model', () => {
    const check = (model: TypeModel, kind: FieldKind, where: string): void => {
      if (kind.kind === 'object') assert.ok(Object.hasOwn(model, kind.ref), `${where} -> ${kind.ref}`);
      if (kind.kind === 'array') check(model, kind.items, `${where}[]`);
    };
    for (const model of [accounting, payroll]) {
      for (const [typeName, def] of Object.entries(model)) {
        for (const [prop, kind] of Object.entries(def)) check(model, kind, `${typeName}.${prop}`);
      }
    }
  });

  it('is written with sorted keys', () => {
    for (const model of [accounting, payroll]) {
      const names = Object.keys(model);
      assert.deepEqual(names, [...names].sort());
      for (const def of Object.values(model)) assert.deepEqual(Object.keys(def), Object.keys(def).sort());
    }
  });

  it(
    'is what the generator makes from the specs today',
    { skip: existsSync(join(specDir, 'xero_accounting.yaml')) ? false : `Xero's specs are not at ${specDir} (a fresh clone has none; CI does)` },
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'where-model-'));
      try {
        const out = join(dir, 'where-types.json');
        const run = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts/gen-simulator-model.ts'), specDir, out], {
          encoding: 'utf8',
        });
        assert.equal(run.status, 0, run.stderr);
        assert.equal(readFileSync(out, 'utf8'), readFileSync(committed, 'utf8'), 'regenerate with: npx tsx scripts/gen-simulator-model.ts');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
