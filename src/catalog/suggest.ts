/** "Did you mean" for names: the candidates closest to a misspelt one. */

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/**
 * Up to `max` candidates close to `name` (case-insensitively), best first: those within a few
 * edits (about a third of the name's length), and those that contain the name or are contained
 * in it (`Invoice` → `Invoices`, `HistoryInvoices`).
 */
export function closestNames(name: string, candidates: readonly string[], max = 3): string[] {
  const target = name.toLowerCase();
  if (target === '') return [];
  const limit = Math.max(2, Math.floor(target.length / 3));
  return candidates
    .map((candidate) => {
      const lower = candidate.toLowerCase();
      const d = editDistance(target, lower);
      const related = Math.min(lower.length, target.length) >= 3 && (lower.includes(target) || target.includes(lower));
      return { candidate, score: related ? Math.min(d, limit) : d, ok: d <= limit || related };
    })
    .filter((c) => c.ok)
    .sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate))
    .slice(0, max)
    .map((c) => c.candidate);
}
