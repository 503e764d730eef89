// The Simplified Chinese catalogue: the same namespaces as en/index.ts, each typed as its Translation.
// One import and one entry per line, so capabilities added side by side merge cleanly.
import { api } from './api.ts';
import { captures } from './captures.ts';
import { common } from './common.ts';
import { environments } from './environments.ts';
import { errors } from './errors.ts';
import { keyboard } from './keyboard.ts';
import { layout } from './layout.ts';
import { logs } from './logs.ts';
import { notify } from './notify.ts';
import { stacks } from './stacks.ts';
import { templates } from './templates.ts';
import { theme } from './theme.ts';
import { terminals } from './terminals.ts';

export const zhCN = {
  api,
  captures,
  common,
  environments,
  errors,
  keyboard,
  layout,
  logs,
  notify,
  stacks,
  templates,
  theme,
  terminals,
};
