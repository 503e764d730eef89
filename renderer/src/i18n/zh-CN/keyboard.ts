import type { keyboard as en } from '../en/keyboard.ts';
import type { Translation } from '../types.ts';

export const keyboard: Translation<typeof en> = {
  title: '键盘快捷键',
  appSection: '焦点不在输入框或终端中时',
  terminalSection: '在终端中',
  listSection: '列表与对话框',
  action_help: '显示此帮助',
  action_newEnvironment: '新建环境',
  action_logs: '查看当前环境的日志',
  action_terminal: '在当前环境中打开终端（已打开时切换到终端）',
  action_search: '搜索下方显示的日志或终端',
  action_teardown: '销毁当前环境（会先确认）',
  terminal_copy: '复制选中内容（有选中内容时 Ctrl+C 也可以）',
  terminal_paste: '粘贴',
  terminal_search: '在终端中搜索',
  terminal_leave: '离开终端（焦点移到终端标签）',
  list_arrows: '在环境列表中移动选择（Home、End 跳到首尾）',
  list_escape: '关闭对话框、菜单、搜索栏或确认框',
  list_tab: '在按钮和输入框之间移动',
  noStack: '请先打开一个环境',
};
