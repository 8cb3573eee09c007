import { editionOf } from '../../src/edition/edition.js';
import type { Lab } from '../../src/lab/model.js';
import { Session } from '../../src/session/session.js';
import { tempDir } from './cli.js';

/** A session of the lab's linux/sh edition with a ledger folder of its own; `more` adds or overrides options. */
export function shSession(lab: Lab, more: Partial<ConstructorParameters<typeof Session>[0]> = {}): Session {
  return new Session({ edition: editionOf(lab, { platform: 'linux', shell: 'sh' }), ledgerDir: tempDir(), ...more });
}
