// What the operating system (in Electron) or the browser prefers, through prefers-color-scheme.

const QUERY = '(prefers-color-scheme: dark)';

/** True when the system asks for dark; false where the query is not answered (light is the web's default). */
export function systemPrefersDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia(QUERY).matches;
}

/** Calls `changed` whenever the system's preference flips (a user switching the OS to night mode). */
export function watchSystemTheme(changed: (prefersDark: boolean) => void): () => void {
  if (typeof matchMedia !== 'function') return () => {};
  const query = matchMedia(QUERY);
  const onChange = (e: MediaQueryListEvent) => changed(e.matches);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}
