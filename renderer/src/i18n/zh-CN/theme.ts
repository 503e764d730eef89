import type { theme as en } from '../en/theme.ts';
import type { Translation } from '../types.ts';

export const theme: Translation<typeof en> = {
  theme: '主题',
  system: '跟随系统（{theme}）',
  light: '浅色',
  dark: '深色',
  dockTabs: '日志与终端',
  actions: '操作',
};
