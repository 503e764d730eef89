import type { common as en } from '../en/common.ts';
import type { Translation } from '../types.ts';

export const common: Translation<typeof en> = {
  justNow: '刚刚',
  never: '从未',
  durationDays: '{d} 天 {h} 小时',
  durationHours: '{h} 小时 {m} 分',
  durationMinutes: '{m} 分 {s} 秒',
  durationSeconds: '{s} 秒',
  cancel: '取消',
  close: '关闭',
  copy: '复制',
  copied: '已复制',
  retry: '重试',
  loading: '加载中…',
};
