// The Templates screen: the list, one template with its file and problems, the import.
export const templates = {
  title: 'Templates',
  reload: 'Reload',
  import: 'Import…',
  folderTitle: 'the templatesDir setting (BRANCHYARD_TEMPLATES)',
  empty: 'No templates yet: import a docker-compose.yml to make environments from it.',
  col_template: 'Template',
  col_services: 'Services',
  col_valid: 'Valid',
  col_repository: 'Repository',
  col_lastUsed: 'Last used',
  agoOnBranch: '{ago} ({branch})',
  valid: 'valid',
  problems: { one: '{count} problem', other: '{count} problems' },

  // One template
  removed: 'template {id} removed',
  loadingOne: 'loading {id}…',
  panelLabel: 'template {id}',
  field_id: 'id',
  field_services: 'services',
  field_repository: 'repository',
  field_lastUsed: 'last used',
  field_branches: 'branches',
  fixFirst: 'fix the problems in the file first',
  createEnvironment: 'Create environment',
  removing: 'Removing…',
  remove: 'Remove',
  removeConfirm: 'Remove template {id}? Its file is deleted; environments made from it keep running, but cannot be updated or redeployed without it.',
  problemsBlock: {
    one: '{count} problem: an environment cannot be made from this template until it is fixed in its file.',
    other: '{count} problems: an environment cannot be made from this template until they are fixed in its file.',
  },
  warning: 'warning: {text}',

  // The file with its problems
  fileLabel: 'file with line numbers',
  problemsOnLine: { one: '{count} problem on line {line}', other: '{count} problems on line {line}' },
  problemOnLine: 'problem on line {line}',
  atLineColumn: ' (line {line}, column {col})',
  atLine: ' (line {line})',

  // Import
  importLabel: 'Import a template',
  importTitle: 'Import a compose file',
  file: 'File',
  name: 'Name',
  tooBig: '{file} is {size}, more than the 1 MiB a stack file may have',
  keptAs: 'kept as {id}.yml',
  replace: 'Replace the existing template {id}',
  refused: {
    one: '{file} cannot be imported: it is not a compose file ({count} problem below).',
    other: '{file} cannot be imported: it is not a compose file ({count} problems below).',
  },
  hasProblems: {
    one: '{file} has {count} problem. Imported, the template keeps it marked, and an environment cannot be made from it until it is fixed.',
    other: '{file} has {count} problems. Imported, the template keeps them marked, and an environment cannot be made from it until they are fixed.',
  },
  isValid: '{file} is valid: services {services}.',
  importing: 'Importing…',
  importWithProblems: { one: 'Import with {count} problem', other: 'Import with {count} problems' },
  importButton: 'Import',
} as const;
