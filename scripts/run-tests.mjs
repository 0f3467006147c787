#!/usr/bin/env node
// Runs node's test runner over every *.test.ts under the given folders (default: test/).
// Node 20's `--test` does not expand globs itself and its default patterns skip .ts files,
// so we collect the files here and hand them over explicitly. `--soak` runs the *.soak.ts files
// instead (the long reliability runs of test/soak, `npm run test:soak`).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const soak = process.argv.includes('--soak');
const suffix = soak ? '.soak.ts' : '.test.ts';
const roots = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const passThrough = process.argv.slice(2).filter((a) => a.startsWith('-') && a !== '--soak');
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith(suffix)) files.push(path);
  }
}
for (const root of roots.length ? roots : ['test']) walk(root);
if (files.length === 0) {
  console.error(`run-tests: no *${suffix} files found under`, roots.length ? roots.join(', ') : 'test');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', `--test-timeout=${soak ? 900000 : 180000}`, ...passThrough, ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
