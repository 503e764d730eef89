// The English catalogue: one namespace per capability. Its types are the contract for every
// other language (see ../catalogues.ts).
import { captures } from './captures.ts';
import { common } from './common.ts';
import { errors } from './errors.ts';
import { keyboard } from './keyboard.ts';
import { layout } from './layout.ts';
import { logs } from './logs.ts';
import { stacks } from './stacks.ts';
import { theme } from './theme.ts';
import { terminals } from './terminals.ts';

export const en = {
  captures,
  common,
  errors,
  keyboard,
  layout,
  logs,
  stacks,
  theme,
  terminals,
} as const;
