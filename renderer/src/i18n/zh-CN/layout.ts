import type { layout as en } from '../en/layout.ts';
import type { Translation } from '../types.ts';

export const layout: Translation<typeof en> = {
  stacks: '环境',
  captures: '日志归档',
  templates: '模板',
  newEnvironment: '新建环境',
  language: '语言',
  languageSystem: '跟随系统（{language}）',
  connecting: '正在连接…',
  newToken: '此 Branchyard 服务已更换令牌：请打开 {command} 输出的地址（或重新运行 {command} 并打开它输出的地址）。',
  newTokenReconnects: '在此浏览器中打开该地址后，本页面会自动重新连接。',
  disconnected: '连接已断开，正在重连',
  disconnectedBecause: '连接已断开，正在重连（{reason}）',
  engineDown: '{endpoint} 上的 Docker 引擎无响应',
  engineDownLastSeen: '，以下为最后一次看到的环境状态',
  engineDownRecovers: '；引擎恢复响应后本页面会自动恢复。',
  liveInterrupted: '实时状态中断，正在重连（{problem}）',
  copyWhat: '复制 {what}',
  copyRefused: '浏览器拒绝访问剪贴板：请选中文本手动复制',
  notCopied: '复制失败',
  logsTab: '日志：{title}',
  closeLogs: '关闭日志视图',
  closeTerminal: '关闭终端',
  terminal_starting: '启动中',
  terminal_ended: '已结束',
};
