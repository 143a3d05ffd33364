#!/usr/bin/env node
// The `mosip-play` command. Everything else lives in src/cli/main.ts.
import { main } from './cli/main.js';

process.exitCode = await main();
