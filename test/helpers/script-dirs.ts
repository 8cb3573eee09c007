import { afterAll } from 'vitest';
import { removeAllRunTempDirs } from '../../src/exec/script-file.js';

// See vitest.config.ts: the script folders and temporary folders of the runs a test file made go
// with the file (sessions driven step by step in tests never reach their cleanup).
afterAll(() => removeAllRunTempDirs());
