// The frame of the app: sidebar, navigation, banners, dock.
export const layout = {
  stacks: 'Stacks',
  captures: 'Captures',
  templates: 'Templates',
  newEnvironment: 'New environment',
  language: 'Language',
  languageSystem: 'System ({language})',
} as const;
