import { useEffect, useMemo } from 'react';
import { useApp } from '../store/appStore.ts';
import type { NamespaceName } from './catalogues.ts';
import { translator, type T } from './translate.ts';

/** The translator of one namespace in the language shown now; components redraw when it changes. */
export function useT<N extends NamespaceName>(ns: N): T<N> {
  const lang = useApp((s) => s.language);
  return useMemo(() => translator(lang, ns), [lang, ns]);
}

/** For code outside components (progress lines, notifications): the language shown at the call. */
export function tNow<N extends NamespaceName>(ns: N): T<N> {
  return translator(useApp.getState().language, ns);
}

/** Keeps <html lang> true, so screen readers and the browser's fonts pick the right language. */
export function useDocumentLanguage(): void {
  const lang = useApp((s) => s.language);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
}

/** The language shown now, for the formatters in ./format.ts. */
export function useLanguage() {
  return useApp((s) => s.language);
}
