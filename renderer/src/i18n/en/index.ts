// The English catalogue: one namespace per capability. Its types are the contract for every
// other language (see ../catalogues.ts).
import { captures } from './captures.ts';
import { common } from './common.ts';
import { errors } from './errors.ts';
import { layout } from './layout.ts';
import { logs } from './logs.ts';
import { stacks } from './stacks.ts';
import { theme } from './theme.ts';

export const en = {
  captures,
  common,
  errors,
  layout,
  logs,
  stacks,
  theme,
} as const;
