#!/usr/bin/env node
// The `branchyard` command. The engine is TypeScript run through tsx, so there is no build step
// between a change and the command line, and `npx branchyard` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
