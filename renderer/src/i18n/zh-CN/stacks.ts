import type { stacks as en } from '../en/stacks.ts';
import type { Translation } from '../types.ts';

export const stacks: Translation<typeof en> = {
  loadingEngineDown: '尚无环境信息：Docker 引擎无响应',
  loading: '正在加载环境…',
  none: '此引擎上没有环境',
  stale: '上次看到的状态：当前未实时更新',
  unseenNews: '有尚未查看的新动态',
  noBranch: '无分支',
  noSubnet: '无子网',
  running: '{running}/{total} 运行中',
  started: { other: '已启动 {started}/{count} 个服务' },
  notStarted: '未启动：{names}',
  notCreated: '未创建：{names}',
  withDetails: '{head}（{details}）',
  listSeparator: '；',
  failed: '失败：{names}',
  state_incomplete: '未完成',
  state_running: '运行中',
  state_starting: '启动中',
  state_degraded: '异常',
  state_stopped: '已停止',
  state_empty: '空',
};
