// How resource use reads in the stack view: short, stable in width, digits for the UI's language.

import { formatBytes } from '../i18n/format.ts';
import type { Language } from '../i18n/languages.ts';

export function formatCpu(lang: Language, percent: number | undefined): string {
  if (percent === undefined) return '–';
  const digits = percent < 10 ? 1 : 0;
  return `${percent.toLocaleString(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits })} %`;
}

export function formatMemory(lang: Language, bytes: number | undefined): string {
  return bytes === undefined ? '–' : formatBytes(lang, bytes);
}
