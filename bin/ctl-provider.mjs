#!/usr/bin/env node
// The bundle in dist/provider when current, else the TypeScript sources (see launch.mjs).
import { launch } from './launch.mjs';

await launch('provider', 'ctl-provider.cjs', 'provider/cli/main.ts');
