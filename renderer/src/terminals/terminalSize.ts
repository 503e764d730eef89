import type { Terminal } from '@xterm/xterm';

/** xterm.js draws its own scrollbar over this many pixels on the right (as the fit addon assumes). */
const SCROLLBAR_WIDTH = 14;

interface CellSize {
  width: number;
  height: number;
}

/**
 * The size of one character cell in CSS pixels. The fit addon is not installed, so this reads
 * what the renderer measured (the same internal field the fit addon reads), and measures a span
 * in the terminal's font if that field is not there.
 */
function cellSize(term: Terminal, host: HTMLElement): CellSize | undefined {
  const internal = term as unknown as { _core?: { _renderService?: { dimensions?: { css?: { cell?: CellSize } } } } };
  const cell = internal._core?._renderService?.dimensions?.css?.cell;
  if (cell && cell.width > 0 && cell.height > 0) return cell;
  const probe = document.createElement('span');
  probe.textContent = 'W'.repeat(32);
  probe.style.cssText = `position:absolute;visibility:hidden;white-space:pre;font-family:${term.options.fontFamily};font-size:${term.options.fontSize}px;line-height:normal`;
  host.appendChild(probe);
  const box = probe.getBoundingClientRect();
  probe.remove();
  return box.width > 0 ? { width: box.width / 32, height: box.height } : undefined;
}

/** Columns and rows that fit `host`, or undefined while it is hidden (zero size). */
export function fittingSize(term: Terminal, host: HTMLElement): { cols: number; rows: number } | undefined {
  const style = getComputedStyle(host);
  const px = (v: string) => Number.parseFloat(v) || 0;
  const width = host.clientWidth - px(style.paddingLeft) - px(style.paddingRight) - SCROLLBAR_WIDTH;
  const height = host.clientHeight - px(style.paddingTop) - px(style.paddingBottom);
  if (width <= 0 || height <= 0) return undefined;
  const cell = cellSize(term, host);
  if (!cell) return undefined;
  return { cols: Math.max(2, Math.floor(width / cell.width)), rows: Math.max(1, Math.floor(height / cell.height)) };
}
