import type { api as en } from '../en/api.ts';
import type { Translation } from '../types.ts';

export const api: Translation<typeof en> = {
  newToken: '此 Branchyard 服务已更换令牌：请打开 `branchyard serve` 输出的地址（或重新运行 `branchyard serve` 并打开它输出的地址）',
  serverNotAnswering: '{host} 上的 Branchyard 服务无响应（已停止？）',
  appClosed: '应用关闭了与引擎的连接',
  serverClosed: '与服务的连接已关闭',
  retrying: '{reason}；{seconds} 秒后重试',
};
