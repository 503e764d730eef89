// The log view renders only the rows in sight (plus some around), so 10 000 lines cost as much
// as 50. Without wrapping every row is one line high (long lines scroll sideways, never cut);
// with wrapping a row is as high as its text needs: heights are estimated from the text's length,
// measured once a row was drawn, and positions are sums of those heights.
//
// It follows the newest lines while `following`; scrolled up (or paused) it stays on the line at
// the top of the view, named by its sequence number, even as the ring buffer drops older lines,
// wrapped rows get measured, or the filter changes. Scrolling back to the bottom follows again.

import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { FilteredLines } from './filteredLines.ts';
import { LogRow, type RowOptions } from './LogRow.tsx';

/** Must match `.log-row` line height in logs.css. */
export const ROW_HEIGHT = 18;
const OVERSCAN_PX = 400;
/** Rough width of a monospace character at the list's 12 px, for the first estimate of a wrapped row. */
const CHAR_PX = 7.3;
/** Copy button, time and service in front of the text. */
const PREFIX_PX = 260;

interface Props extends RowOptions {
  lines: FilteredLines;
  version: number;
  wrap: boolean;
  following: boolean;
  onFollowingChange(following: boolean): void;
}

export function LogList({ lines, version, wrap, showTime, query, following, onFollowingChange }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const measured = useRef(new Map<number, number>());
  const [measureTick, setMeasureTick] = useState(0);
  const anchor = useRef<{ seq: number; delta: number } | null>(null);
  /** The scrollTop this component set last: the scroll event it causes is not the user's. */
  const setByUs = useRef<number | null>(null);
  const followingRef = useRef(following);
  followingRef.current = following;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setSize({ width: el.clientWidth, height: el.clientHeight }));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Wrapped heights depend on the width: measure again after a resize or a switch of mode.
  useMemo(() => measured.current.clear(), [size.width, wrap, showTime]);

  const n = lines.length;
  const offsets = useMemo(() => {
    if (!wrap) return null;
    const perRow = Math.max(20, Math.floor((size.width - PREFIX_PX) / CHAR_PX));
    const o = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) {
      const seq = lines.seqAt(i);
      let h = measured.current.get(seq);
      if (h === undefined) h = ROW_HEIGHT * Math.max(1, Math.ceil((lines.at(i)?.text.length ?? 0) / perRow));
      o[i + 1] = o[i] + h;
    }
    return o;
    // version: lines were added or dropped; measureTick: rows were measured.
  }, [lines, version, wrap, n, size.width, measureTick]);

  const offsetOf = (i: number) => (offsets ? offsets[i] : i * ROW_HEIGHT);
  const total = offsetOf(n);
  /** The index of the row at vertical position y. */
  const indexAt = (y: number): number => {
    if (!offsets) return Math.min(n - 1, Math.max(0, Math.floor(y / ROW_HEIGHT)));
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (offsets[mid] <= y) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  const place = (el: HTMLDivElement, top: number) => {
    el.scrollTop = top;
    setByUs.current = el.scrollTop;
    setScrollTop(el.scrollTop);
  };
  const remember = (top: number) => {
    if (n === 0) return;
    const i = indexAt(top);
    anchor.current = { seq: lines.seqAt(i), delta: top - offsetOf(i) };
  };

  // After each render with new lines, heights or filter, before paint: measure what was drawn,
  // then follow the bottom or hold the line at the top in place.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (wrap) {
      let changed = false;
      for (const row of el.querySelectorAll<HTMLElement>('.log-spacer > .log-row')) {
        const seq = Number(row.dataset.position);
        const h = row.offsetHeight;
        if (measured.current.get(seq) !== h) {
          measured.current.set(seq, h);
          changed = true;
        }
      }
      if (changed) setMeasureTick((t) => t + 1);
    }
    if (following) {
      place(el, el.scrollHeight);
    } else if (anchor.current && n > 0) {
      const i = lines.indexOf(anchor.current.seq);
      const same = i < n && lines.seqAt(i) === anchor.current.seq;
      place(el, Math.max(0, offsetOf(Math.min(i, n - 1)) + (same ? anchor.current.delta : 0)));
      remember(el.scrollTop);
    }
  }, [version, lines, following, offsets, size.height]);

  const onScroll = () => {
    const el = ref.current;
    if (!el) return;
    const top = el.scrollTop;
    if (setByUs.current !== null && Math.abs(top - setByUs.current) < 1) {
      setByUs.current = null;
      return;
    }
    setByUs.current = null;
    const atBottom = top + el.clientHeight >= el.scrollHeight - 4;
    remember(top);
    setScrollTop(top);
    if (atBottom !== followingRef.current) onFollowingChange(atBottom);
  };

  let first = 0;
  let last = 0;
  if (n > 0) {
    first = indexAt(Math.max(0, scrollTop - OVERSCAN_PX));
    last = Math.min(n, indexAt(scrollTop + size.height + OVERSCAN_PX) + 1);
  }
  const rows = [];
  for (let i = first; i < last; i++) {
    const line = lines.at(i);
    const seq = lines.seqAt(i);
    // Keyed by sequence number, so a row keeps its element while older lines drop.
    if (line) rows.push(<LogRow key={seq} position={seq} line={line} top={offsetOf(i)} showTime={showTime} query={query} />);
  }
  return (
    <div className={wrap ? 'log-scroll log-wrap' : 'log-scroll'} ref={ref} onScroll={onScroll} data-testid="log-list" data-lines={n} data-wrap={wrap}>
      <div className="log-spacer" style={{ height: Math.max(total, 1) }}>
        {rows}
      </div>
    </div>
  );
}
