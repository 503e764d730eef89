// s2i's --allowed-uids ranges (pkg/api/types.go UIDRange): comma-separated `N`, `N-M`, `N-` (from N
// up) or `-M` (up to M). A user is allowed when its uid is in one of them.

export interface UidRange {
  from: number;
  to?: number;
}

export function parseUidRanges(text: string): { ranges: UidRange[] } | { problem: string } {
  const ranges: UidRange[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!part || !m || (!m[1] && !m[3])) return { problem: `'${part}' is not a uid range: use N, N-M, N- or -M, separated by commas` };
    const from = m[1] ? Number(m[1]) : 0;
    const to = m[2] ? (m[3] ? Number(m[3]) : undefined) : from;
    if (to !== undefined && to < from) return { problem: `'${part}': the range ends before it starts` };
    ranges.push({ from, to });
  }
  return { ranges };
}

export function uidAllowed(uid: number, ranges: UidRange[]): boolean {
  return ranges.some((r) => uid >= r.from && (r.to === undefined || uid <= r.to));
}
