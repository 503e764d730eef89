import type { errors as en } from '../en/errors.ts';
import type { Translation } from '../types.ts';

export const errors: Translation<typeof en> = {
  'invalid-input': '输入有误。',
  'engine-unreachable': 'Docker 引擎无响应。',
  engine: 'Docker 引擎拒绝了该操作。',
  'not-found': '未找到。',
  'service-failed': '有服务失败了。',
  timeout: '操作超时。',
  cancelled: '已取消。',
};
