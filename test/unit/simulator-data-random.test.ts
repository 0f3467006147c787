/**
 * Random.guid(): Xero-shaped GUIDs, and exactly the ids the original string-based formula gave
 * (the byte-buffer implementation is an optimisation only; seeds must keep meaning the same ids).
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Random } from '../../src/simulator/data/random.js';

/** The reference formula: four draws formatted with toString(16). */
function referenceGuid(rnd: Random): string {
  const hex = (n: number, len: number): string => n.toString(16).padStart(len, '0').slice(-len);
  const a = rnd.uint32();
  const b = rnd.uint32();
  const c = rnd.uint32();
  const d = rnd.uint32();
  return `${hex(a, 8)}-${hex(b >>> 16, 4)}-${hex(0x4000 | (b & 0x0fff), 4)}-${hex(0x8000 | ((c >>> 16) & 0x3fff), 4)}-${hex(c & 0xffff, 4)}${hex(d, 8)}`;
}

it('guid() gives the reference formula\'s ids, shaped like Xero\'s', () => {
  for (const seed of [0, 1, 42, 0xffffffff, 'tenant']) {
    const fast = new Random(seed);
    const slow = new Random(seed);
    for (let i = 0; i < 20_000; i++) {
      const id = fast.guid();
      assert.equal(id, referenceGuid(slow));
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  }
});
