// The Simplified Chinese catalogue: the same namespaces as en/index.ts, each typed as its Translation.
import { captures } from './captures.ts';
import { common } from './common.ts';
import { errors } from './errors.ts';
import { keyboard } from './keyboard.ts';
import { layout } from './layout.ts';
import { logs } from './logs.ts';
import { stacks } from './stacks.ts';
import { theme } from './theme.ts';
import { terminals } from './terminals.ts';

export const zhCN = {
  captures,
  common,
  errors,
  keyboard,
  layout,
  logs,
  stacks,
  theme,
  terminals,
};
