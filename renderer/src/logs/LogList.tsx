// The log view renders only the rows in sight (plus a few around), each at a fixed height, so
// 10 000 lines cost as much as 50. It sticks to the bottom while the user is there; scrolled up,
// it stays on the lines shown even as the ring buffer drops the oldest ones.

import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { LogLine } from '../../../shared/api/logs.ts';
import { LogRow } from './LogRow.tsx';
import type { RingBuffer } from './ringBuffer.ts';

/** Must match `.log-row` height in app.css. */
export const ROW_HEIGHT = 18;
const OVERSCAN = 10;

export function LogList({ lines, version }: { lines: RingBuffer<LogLine>; version: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const droppedSeen = useRef(lines.dropped);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(0);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      setHeight(el.clientHeight);
      if (atBottom.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // After each render with new lines, before paint: follow the bottom, or hold the view in place.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const dropped = lines.dropped - droppedSeen.current;
    droppedSeen.current = lines.dropped;
    if (atBottom.current) el.scrollTop = el.scrollHeight;
    else if (dropped > 0) el.scrollTop = Math.max(0, el.scrollTop - dropped * ROW_HEIGHT);
    setScrollTop(el.scrollTop);
  }, [version, lines]);

  const onScroll = () => {
    const el = ref.current;
    if (!el) return;
    atBottom.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT / 2;
    setScrollTop(el.scrollTop);
  };

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(lines.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const rows = [];
  for (let i = first; i < last; i++) {
    const line = lines.at(i);
    // Keyed by position since the view opened, so a row keeps its element while older lines drop.
    if (line) rows.push(<LogRow key={lines.dropped + i} line={line} top={i * ROW_HEIGHT} />);
  }
  return (
    <div className="log-scroll" ref={ref} onScroll={onScroll} data-testid="log-list" data-lines={lines.length}>
      <div className="log-spacer" style={{ height: lines.length * ROW_HEIGHT }}>
        {rows}
      </div>
    </div>
  );
}
