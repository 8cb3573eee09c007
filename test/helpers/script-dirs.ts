import { afterAll } from 'vitest';
import { removeScriptDirs } from '../../src/exec/script-file.js';

// See vitest.config.ts: the script folders of the runs a test file made go with the file.
afterAll(() => removeScriptDirs());
