#!/usr/bin/env node
// The `mosip-play` command. Everything else lives in src/cli/main.ts.
import { main } from './cli/main.js';

// `mosip-play ... | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

process.exitCode = await main();
