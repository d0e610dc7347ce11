#!/usr/bin/env node
// Entry point of `npx opendvc` and `npm start`: registers the TypeScript loader and runs the CLI.
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

register('tsx/esm', pathToFileURL('./'));
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
