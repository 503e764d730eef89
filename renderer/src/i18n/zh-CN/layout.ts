import type { layout as en } from '../en/layout.ts';
import type { Translation } from '../types.ts';

export const layout: Translation<typeof en> = {
  stacks: '环境',
  captures: '日志归档',
  templates: '模板',
  newEnvironment: '新建环境',
  language: '语言',
  languageSystem: '跟随系统（{language}）',
};
