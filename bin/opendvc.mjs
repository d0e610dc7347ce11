#!/usr/bin/env node
// Entry point of `npx opendvc` and `npm start`: registers the TypeScript loader (tsx) and runs the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
