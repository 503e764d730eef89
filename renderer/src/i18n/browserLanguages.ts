// Kept apart from languages.ts, which unit tests load outside a browser.

/** The browser's preferred languages; empty outside a browser (unit tests). */
export function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}
