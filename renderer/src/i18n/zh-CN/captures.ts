import type { captures as en } from '../en/captures.ts';
import type { Translation } from '../types.ts';

export const captures: Translation<typeof en> = {
  title: '日志归档',
  reload: '刷新',
  none: '还没有归档：销毁环境时会自动生成一份。',
  colStack: '环境',
  colTaken: '归档时间',
  colBranch: '分支',
  colServices: '服务',
  colSize: '大小',
  openLogs: '查看日志',
  logsTitle: '归档 {id}',
  services: '服务',
  colService: '服务',
  colState: '状态',
  colExitCode: '退出码',
  colLogLines: '日志行数（标准输出 / 标准错误）',
  colImage: '镜像',
  colCommit: '提交',
  notCaptured: '未能归档',
  files: '文件',
  colPath: '路径',
  colKind: '类型',
};
