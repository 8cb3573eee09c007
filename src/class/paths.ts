import { join } from 'node:path';
import { stateDir } from '../util/state-dir.js';

/**
 * Where the workshop keeps its files, under isolab's state folder. A learner's side: the class it
 * joined, the events waiting to be sent, and the journal `isolab class export` writes out. The
 * instructor's side: the class database.
 */
export const learnerDir = (env = process.env) => join(stateDir(env), 'class');
export const membershipFile = (env = process.env) => join(learnerDir(env), 'membership.json');
export const outboxDir = (env = process.env) => join(learnerDir(env), 'outbox');
/** Events the class refused (400): kept for the learner to see, never sent again. */
export const rejectedDir = (env = process.env) => join(learnerDir(env), 'rejected');
export const journalFile = (env = process.env) => join(learnerDir(env), 'journal.jsonl');
export const serverDir = (env = process.env) => join(stateDir(env), 'class-server');
export const databaseFile = (env = process.env) => join(serverDir(env), 'class.db');
