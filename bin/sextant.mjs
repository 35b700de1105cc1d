#!/usr/bin/env node
// The `sextant` command: runs the TypeScript sources through tsx's loader, so `npm ci` alone is enough.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
