// Preloaded (node --require) into an Azurite started with AzuriteOptions.ExitWithParent: a parent killed with
// SIGKILL runs no exit handler, so the emulator watches for being re-parented and leaves with it.
'use strict';
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) {
    process.exit(0);
  }
}, 500).unref();
