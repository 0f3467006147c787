/**
 * Regenerates the README's tables that come from declarations (connection properties, stored
 * procedures, the tables of each schema), between `<!-- name:start -->` and `<!-- name:end -->` markers, so the docs cannot
 * drift from the code. `npx tsx scripts/gen-readme.ts` rewrites README.md; with `--check` it only
 * reports whether it is up to date (a test runs that).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadCatalog } from '../src/catalog/load-catalog.js';
import type { TableDef } from '../src/catalog/table-def.js';
import { IGNORED_PROPERTIES, OTHER_OPTIONS, PROPERTIES, SCHEMAS, UNSUPPORTED_PROPERTIES } from '../src/connection/properties.js';
import { PROCEDURES } from '../src/procedures/registry.js';

const README = new URL('../README.md', import.meta.url);

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function propertiesTable(): string {
  const rows = PROPERTIES.map((p) => {
    const values = p.kind === 'enum' ? (p.values ?? []).map((v) => `\`${v}\``).join(', ') : p.kind === 'boolean' ? '`true`, `false`' : p.kind === 'integer' ? `${p.min} to ${p.max}` : p.kind === 'secret' ? 'secret' : p.kind;
    const def = p.default === undefined ? '' : p.name === 'Scope' ? 'see below' : `\`${p.default}\``;
    return `| \`${p.name}\` | ${values} | ${def} | ${cell(p.description)} |`;
  });
  const other = OTHER_OPTIONS.map((o) => `\`${o.name}\` (default ${o.default}): ${o.description}`).join(' ');
  return [
    '| property | values | default | meaning |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    `Inside \`Other\`: ${other}`,
    '',
    `Accepted for compatibility with the commercial driver and ignored: ${IGNORED_PROPERTIES.map((p) => `\`${p}\``).join(', ')}.`,
    `Refused, because ignoring them would change what you asked for: ${Object.keys(UNSUPPORTED_PROPERTIES).map((p) => `\`${p}\``).join(', ')} (proxies: set \`HTTPS_PROXY\`).`,
  ].join('\n');
}

function proceduresTable(): string {
  return PROCEDURES.map((p) => {
    const params = p.params.map((x) => `\`@${x.name}\`${x.required ? ' (required)' : ''}: ${cell(x.description)}`).join('<br>');
    const outputs = p.outputs.map((x) => `\`${x.name}\``).join(', ');
    const where = p.schemas ? ` (${p.schemas.map((x) => `\`Schema=${x}\``).join(', ')} only)` : ' (every schema)';
    return `**\`${p.name}\`**${where}: ${p.description}\n\n| parameters | outputs |\n| --- | --- |\n| ${params || '(none)'} | ${outputs} |\n`;
  }).join('\n');
}

/** What a table sends to Xero instead of filtering locally, in a few words. */
function pushdownSummary(table: TableDef): string {
  const parts: string[] = [];
  const where = table.columns.filter((c) => c.filter?.where);
  if (where.length > 0) parts.push(`\`where\` on ${where.length} column${where.length === 1 ? '' : 's'}`);
  for (const c of table.columns) {
    const f = c.filter;
    const how: string[] = [];
    if (f?.param) how.push(f.param.defaults ? `${f.param.name}, one request per value; without it, one per ${f.param.defaults.join('/')}` : f.param.each ? `${f.param.name}, one request per value` : f.param.name);
    if (f?.range) how.push(`${f.range.from}/${f.range.to}`);
    if (f?.modifiedSince) how.push('If-Modified-Since');
    if (f?.byId) how.push('by id');
    if (f?.pathParam) how.push(f.valuesFrom ? `in the path; without it, one request per ${f.valuesFrom.column} of ${f.valuesFrom.table}` : 'in the path, required');
    if (c.source.kind === 'pseudo') how.push(c.source.required ? (f?.valuesFrom ? `${c.source.param}; without it, one request per ${f.valuesFrom.column} of ${f.valuesFrom.table}` : `${c.source.param}, required`) : c.source.param);
    if (how.length > 0) parts.push(`\`${c.name}\` (${how.join(', ')})`);
  }
  return parts.join('; ') || 'nothing (read whole, filtered locally)';
}

function tablesList(): string {
  const catalog = loadCatalog();
  return SCHEMAS.filter((schema) => catalog.tables(schema).length > 0)
    .map((schema) => {
      const tables = catalog.tables(schema);
      const rows = tables.map((t) => `| \`${t.name}\` | ${t.kind} | ${cell(t.description)} | ${cell(pushdownSummary(t))} |`);
      return [
        `### ${schema}`,
        '',
        `${tables.length} tables and views (\`Schema=${schema}\`). The last column says what Xero filters itself: \`where\` conditions on record columns, and the columns whose values (= or IN) go into a query parameter, the path or a header; every other condition is applied locally. \`SELECT * FROM sys_tablecolumns\` shows the details per column.`,
        '',
        '| table | kind | rows | pushed down to Xero |',
        '| --- | --- | --- | --- |',
        ...rows,
      ].join('\n');
    })
    .join('\n\n');
}

const SECTIONS: Record<string, () => string> = {
  properties: propertiesTable,
  procedures: proceduresTable,
  tables: tablesList,
};

export function renderReadme(text: string): string {
  let out = text;
  for (const [name, render] of Object.entries(SECTIONS)) {
    const start = `<!-- ${name}:start -->`;
    const end = `<!-- ${name}:end -->`;
    const a = out.indexOf(start);
    const b = out.indexOf(end);
    if (a < 0 || b < a) throw new Error(`README.md has no ${start} ... ${end} section`);
    out = `${out.slice(0, a + start.length)}\n${render()}\n${out.slice(b)}`;
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = readFileSync(README, 'utf8');
  const next = renderReadme(text);
  if (process.argv.includes('--check')) {
    if (next !== text) {
      console.error('README.md is out of date: run npx tsx scripts/gen-readme.ts');
      process.exit(1);
    }
  } else {
    writeFileSync(README, next);
  }
}
