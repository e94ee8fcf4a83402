// Entry point the runner starts (action.yml: runs.using node20, main dist/index.js). dist/ is the source itself:
// plain ES modules with no dependencies, so there is nothing to bundle.
import { run } from './main.js';

process.exitCode = await run({ env: process.env, write: (text) => process.stdout.write(text) });
