// K-way merge by timestamp. Keys are tsKey() strings, which sort chronologically; ties go to the
// earlier input, so the merge is stable and one service's lines keep their order.

/** Index of the input whose head is earliest (the first one on a tie), or -1 when all are empty. */
export function earliest(heads: readonly (string | undefined)[]): number {
  let best = -1;
  for (let i = 0; i < heads.length; i++) {
    const k = heads[i];
    if (k !== undefined && (best < 0 || k < (heads[best] as string))) best = i;
  }
  return best;
}

/** Merges lists that are each in time order into one list in time order. */
export function mergeByTime<T>(lists: readonly (readonly T[])[], key: (item: T) => string): T[] {
  const at = lists.map(() => 0);
  const out: T[] = [];
  for (;;) {
    const i = earliest(lists.map((l, n) => (at[n] < l.length ? key(l[at[n]]) : undefined)));
    if (i < 0) return out;
    out.push(lists[i][at[i]++]);
  }
}
