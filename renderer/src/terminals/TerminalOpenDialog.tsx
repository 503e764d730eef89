// How to open a terminal: which running service, which shell (automatic, bash, sh or a command of
// your own) and as which user. What was picked last for the service is offered again, and focus
// starts on Open, so Enter opens at once as before. Nothing opens while a field is wrong.

import { useMemo, useRef, useState } from 'react';
import { useModalKeys } from '../keyboard/useModalKeys.ts';
import { useT } from '../i18n/useT.ts';
import { useApp } from '../store/appStore.ts';
import { DEFAULT_OPTIONS, type OptionsProblem, SHELL_PICKS, type ShellPick, type TerminalOptions, problemText, terminalParamsOf } from './openOptions.ts';
import { type TerminalOpener, choiceKey } from './terminalsSlice.ts';

export function TerminalOpenDialogHost() {
  const opener = useApp((s) => s.terminalOpener);
  if (!opener) return null;
  return <TerminalOpenDialog key={`${opener.stack}/${opener.service ?? ''}`} opener={opener} />;
}

function TerminalOpenDialog({ opener }: { opener: TerminalOpener }) {
  const t = useT('terminals');
  const tc = useT('common');
  const close = useApp((s) => s.closeTerminalOpener);
  const start = useApp((s) => s.startTerminal);
  const choices = useApp((s) => s.terminalChoices);
  const services = useApp((s) => s.stacks.find((x) => x.name === opener.stack)?.services);
  const running = useMemo(() => (services ?? []).filter((s) => s.state === 'running').map((s) => s.name), [services]);
  const [service, setService] = useState(opener.service && running.includes(opener.service) ? opener.service : (running[0] ?? ''));
  const [options, setOptions] = useState<TerminalOptions>(choices[choiceKey(opener.stack, service)] ?? DEFAULT_OPTIONS);
  const [problems, setProblems] = useState<OptionsProblem[]>([]);
  const box = useRef<HTMLDivElement>(null);
  const command = useRef<HTMLInputElement>(null);
  useModalKeys(box, close);

  const set = (change: Partial<TerminalOptions>) => {
    setOptions((o) => ({ ...o, ...change }));
    setProblems([]);
  };
  const problemOf = (field: OptionsProblem['field']) => problems.find((p) => p.field === field);
  const submit = () => {
    const checked = terminalParamsOf(options);
    if ('problems' in checked) {
      setProblems(checked.problems);
      return;
    }
    if (service) start(opener.stack, service, options);
  };
  const shellName = (pick: ShellPick) => (pick === 'bash' || pick === 'sh' ? pick : t(`shell_${pick}`));
  const commandProblem = problemOf('command');
  const userProblem = problemOf('user');

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div ref={box} className="dialog terminal-open" role="dialog" aria-modal="true" aria-labelledby="terminal-open-title" data-testid="terminal-open">
        <header className="dialog-head">
          <h2 id="terminal-open-title">
            {t('openTitle')} <span className="muted">{t('openIn', { stack: opener.stack })}</span>
          </h2>
          <span className="spacer" />
          <button type="button" aria-label={tc('close')} onClick={close} data-testid="terminal-open-close">
            ×
          </button>
        </header>
        <form
          className="dialog-body"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          {running.length === 0 ? (
            <p className="error" data-testid="terminal-open-none">{t('noRunningService')}</p>
          ) : (
            <label className="field">
              <span>{t('service')}</span>
              <select
                value={service}
                onChange={(e) => {
                  setService(e.target.value);
                  setOptions(choices[choiceKey(opener.stack, e.target.value)] ?? options);
                }}
                data-testid="terminal-open-service"
              >
                {running.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <fieldset className="field shell-picks">
            <legend>{t('shell')}</legend>
            {SHELL_PICKS.map((pick) => (
              <label key={pick} className="check">
                <input
                  type="radio"
                  name="terminal-shell"
                  value={pick}
                  checked={options.shell === pick}
                  onChange={() => {
                    set({ shell: pick });
                    if (pick === 'command') setTimeout(() => command.current?.focus());
                  }}
                  data-testid={`terminal-shell-${pick}`}
                />
                <span className={pick === 'bash' || pick === 'sh' ? 'mono' : undefined}>{shellName(pick)}</span>
              </label>
            ))}
          </fieldset>
          {options.shell === 'command' && (
            <label className="field">
              <span>{t('commandLabel')}</span>
              <input
                ref={command}
                className="mono"
                value={options.command}
                onChange={(e) => set({ command: e.target.value })}
                aria-invalid={Boolean(commandProblem)}
                aria-describedby="terminal-command-hint"
                spellCheck={false}
                data-testid="terminal-open-command"
              />
              <small id="terminal-command-hint" className={commandProblem ? 'error' : 'muted'} data-testid={commandProblem ? 'terminal-open-problem' : undefined}>
                {commandProblem ? problemText(t, commandProblem) : t('commandHint')}
              </small>
            </label>
          )}
          <label className="field">
            <span>{t('user')}</span>
            <input
              className="mono"
              value={options.user}
              onChange={(e) => set({ user: e.target.value })}
              aria-invalid={Boolean(userProblem)}
              aria-describedby="terminal-user-hint"
              spellCheck={false}
              autoComplete="off"
              data-testid="terminal-open-user"
            />
            <small id="terminal-user-hint" className={userProblem ? 'error' : 'muted'} data-testid={userProblem ? 'terminal-open-problem' : undefined}>
              {userProblem ? problemText(t, userProblem) : t('userHint')}
            </small>
          </label>
          <div className="toolbar dialog-foot">
            <button type="submit" className="primary" disabled={!service} data-autofocus data-testid="terminal-open-confirm">
              {t('open')}
            </button>
            <button type="button" onClick={close} data-testid="terminal-open-cancel">
              {tc('cancel')}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
