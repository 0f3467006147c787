import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveTenant } from '../../src/connection/tenant.js';

const au = { tenantId: 'aaaaaaaa-0000-4000-8000-000000000001', tenantName: 'Demo Company (AU)' };
const nz = { tenantId: 'bbbbbbbb-0000-4000-8000-000000000002', tenantName: 'Kiwi Exports Ltd' };
const twin = { tenantId: 'cccccccc-0000-4000-8000-000000000003', tenantName: 'Demo Company (AU)' };

describe('resolveTenant', () => {
  it('uses the only tenant when Tenant is not set', () => assert.equal(resolveTenant([au], undefined), au));
  it('matches by id or name, case-insensitively', () => {
    assert.equal(resolveTenant([au, nz], nz.tenantId.toUpperCase()), nz);
    assert.equal(resolveTenant([au, nz], 'kiwi exports ltd'), nz);
  });
  it('refuses to pick one of several, listing names and ids', () => {
    assert.throws(() => resolveTenant([au, nz], undefined), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'XSQL_TENANT');
      assert.match(err.message, /2 organisations are connected; say which one with the Tenant property/);
      assert.ok(err.message.includes(`Demo Company (AU) (${au.tenantId})`) && err.message.includes(`Kiwi Exports Ltd (${nz.tenantId})`));
      return true;
    });
  });
  it('asks for the id when a name is ambiguous', () => {
    assert.throws(() => resolveTenant([au, nz, twin], 'Demo Company (AU)'), /names 2 connected organisations; use the tenant id instead/);
  });
  it('says which tenants exist when the wanted one is not connected', () => {
    assert.throws(() => resolveTenant([au], 'Nope Ltd'), /No connected organisation is called or has the id "Nope Ltd"\. Connected organisations:\n  Demo Company \(AU\)/);
  });
  it('explains an empty grant', () => assert.throws(() => resolveTenant([], undefined), /No Xero organisation is connected/));
});
