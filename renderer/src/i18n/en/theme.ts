// The look of the UI: light, dark, or the system's.
export const theme = {
  theme: 'Theme',
  system: 'System ({theme})',
  light: 'Light',
  dark: 'Dark',
} as const;
