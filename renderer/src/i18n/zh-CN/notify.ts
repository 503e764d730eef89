import type { notify as en } from '../en/notify.ts';
import type { Translation } from '../types.ts';

export const notify: Translation<typeof en> = {
  on: '桌面通知已开启',
  blocked: '此浏览器的网站设置已屏蔽本站的桌面通知',
  turnOn: '开启桌面通知',
  failedTitle: '{stack} 出现失败',
  unhealthy: '{service} 不健康',
  restarting: '{service} 不断重启',
  dead: '{service} 已失效',
  exited: '{service} 已退出，退出码 {code}',
  failureSeparator: '；',
  readyTitle: '{stack} 已就绪',
  readyBody: { other: '{running}/{count} 个服务运行中' },
  branch: '分支 {branch}',
  tornDownTitle: '{stack} 已销毁',
  logsCaptured: '日志已归档到 {archive}',
  teardownFailedTitle: '{stack} 销毁失败',
  launchFailedTitle: '{stack} 启动失败',
};
