/**
 * Regenerates the README's tables that come from declarations (connection properties, stored
 * procedures), between `<!-- name:start -->` and `<!-- name:end -->` markers, so the docs cannot
 * drift from the code. `npx tsx scripts/gen-readme.ts` rewrites README.md; with `--check` it only
 * reports whether it is up to date (a test runs that).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { IGNORED_PROPERTIES, OTHER_OPTIONS, PROPERTIES, UNSUPPORTED_PROPERTIES } from '../src/connection/properties.js';
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
    return `**\`${p.name}\`**: ${p.description}\n\n| parameters | outputs |\n| --- | --- |\n| ${params || '(none)'} | ${outputs} |\n`;
  }).join('\n');
}

const SECTIONS: Record<string, () => string> = {
  properties: propertiesTable,
  procedures: proceduresTable,
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
