#!/usr/bin/env node
// The bundle in dist/cli when current, else the TypeScript sources (see launch.mjs).
import { launch } from './launch.mjs';

await launch('cli', 'ctl-client.cjs', 'electron/cli/main.ts');
