import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { createTranslator } from '../../src/i18n/translate.js';
import { labWordsFor } from '../../src/class/lab-words.js';
import type { DashboardAssets } from '../../src/class/page.js';
import { randomId } from '../../src/class/recorder.js';
import { SCHEMA_VERSION, type ClassEvent } from '../../src/class/schema.js';
import { ClassServer } from '../../src/class/server.js';
import { ClassStore } from '../../src/class/store.js';
import { dashboardStrings } from '../../src/class/strings.js';

export interface TestClass {
  dir: string;
  server: ClassServer;
  store: ClassStore;
  origin: string;
  /** http://127.0.0.1:PORT/j/<join key> */
  joinUrl: string;
  /** http://127.0.0.1:PORT/d/<dashboard key>/ */
  dashboardUrl: string;
  /** Stops the server (and reopens nothing). */
  stop: () => Promise<void>;
  /** Stops the server and removes its folder. */
  dispose: () => Promise<void>;
}

/** A class server on 127.0.0.1 (a free port), its database in a folder of its own. */
export async function startClass(
  opts: {
    dir?: string;
    port?: number;
    shareOutput?: boolean;
    locale?: string;
    assets?: DashboardAssets;
    learnerRate?: { capacity: number; perSecond: number };
    timeouts?: { headersMs: number; requestMs: number };
    budget?: { learnerBytes: number; classBytes: number; learners?: number };
    dashboardBacklog?: number;
  } = {},
): Promise<TestClass> {
  loadCatalogs();
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'isolab-class-'));
  const locale = opts.locale ?? 'en';
  const store = await ClassStore.open(join(dir, 'class.db'), {
    className: 'Test class',
    ...(opts.shareOutput !== undefined ? { shareOutput: opts.shareOutput } : {}),
  });
  const server = new ClassServer({
    store,
    locale,
    t: createTranslator(locale),
    strings: dashboardStrings(locale),
    labWords: labWordsFor(locale),
    assets: opts.assets ?? { js: '/* test */', css: '/* test */' },
    ...(opts.learnerRate ? { learnerRate: opts.learnerRate } : {}),
    ...(opts.timeouts ? { timeouts: opts.timeouts } : {}),
    ...(opts.budget ? { budget: opts.budget } : {}),
    ...(opts.dashboardBacklog ? { dashboardBacklog: opts.dashboardBacklog } : {}),
  });
  const { port } = await server.listen('127.0.0.1', opts.port ?? 0);
  const origin = `http://127.0.0.1:${port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.close();
    store.close();
  };
  return {
    dir,
    server,
    store,
    origin,
    joinUrl: `${origin}/j/${store.meta.joinKey}`,
    dashboardUrl: `${origin}/d/${store.meta.dashboardKey}/`,
    stop,
    dispose: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let clock = Date.UTC(2026, 11, 6, 9, 0, 0);
/** A valid event of one learner, with what `body` says on top of a fresh envelope. */
export function event(learner: string, body: Record<string, unknown>): ClassEvent {
  clock += 1000;
  return { schemaVersion: SCHEMA_VERSION, id: randomId(), learner, at: new Date(clock).toISOString(), seq: 0, ...body } as ClassEvent;
}

export const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
