// The one bound store of the UI, built from typed slices (one per capability). Values that change
// very often (log lines, terminal bytes) do not live here as React state: the log view keeps its
// lines in a ring buffer and the store only carries a version number to redraw by.

import { type StateCreator, create } from 'zustand';
import { type ConnectionSlice, connectionSlice } from '../api/connectionSlice.ts';
import { type LaunchSlice, launchSlice } from '../environments/launchSlice.ts';
import { type I18nSlice, i18nSlice } from '../i18n/i18nSlice.ts';
import { type UiSlice, uiSlice } from '../layout/uiSlice.ts';
import { type LogsSlice, logsSlice } from '../logs/logsSlice.ts';
import { type AttentionSlice, attentionSlice } from '../notify/attentionSlice.ts';
import { type StacksSlice, stacksSlice } from '../stacks/stacksSlice.ts';
import { type TerminalsSlice, terminalsSlice } from '../terminals/terminalsSlice.ts';
import { type ThemeSlice, themeSlice } from '../theme/themeSlice.ts';

export type AppState = ConnectionSlice & StacksSlice & UiSlice & LogsSlice & TerminalsSlice & AttentionSlice & LaunchSlice & I18nSlice & ThemeSlice;

export type Slice<T> = StateCreator<AppState, [], [], T>;

export const useApp = create<AppState>()((...a) => ({
  ...connectionSlice(...a),
  ...stacksSlice(...a),
  ...uiSlice(...a),
  ...logsSlice(...a),
  ...terminalsSlice(...a),
  ...attentionSlice(...a),
  ...launchSlice(...a),
  ...i18nSlice(...a),
  ...themeSlice(...a),
}));
