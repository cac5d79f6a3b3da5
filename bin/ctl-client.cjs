#!/usr/bin/env node
// The bundle in dist/cli when current, else the TypeScript sources (see launch.cjs).
// CommonJS, as the bundles are: an ES module entry would start Node's ES module loader
// (and the file streams it reads with) before any of our code runs.
'use strict';

require('./launch.cjs').launch('cli', 'ctl-client.cjs', 'electron/cli/main.ts');
