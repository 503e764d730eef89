// The look of the UI: light, dark, or the system's.
export const theme = {
  theme: 'Theme',
  system: 'System ({theme})',
  light: 'Light',
  dark: 'Dark',
  // Accessible names the screen does not show as text.
  dockTabs: 'Logs and terminals',
  actions: 'Actions',
} as const;
