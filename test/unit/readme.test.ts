import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { renderReadme } from '../../scripts/gen-readme.js';

it('README tables match the declarations (run npx tsx scripts/gen-readme.ts after changing them)', () => {
  const text = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  assert.equal(renderReadme(text), text);
});
