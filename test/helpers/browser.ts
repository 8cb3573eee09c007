import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (scripts/prepare-test-host.sh installs it): never a browser download. */
export const CHROMIUM = '/usr/bin/chromium';

export interface Browser {
  context: BrowserContext;
  /** A new page, with what the page printed to its console and every script error kept. */
  page: () => Promise<Page & { problems: string[] }>;
  close: () => Promise<void>;
}

/** Headless Chromium with a profile of its own, removed on close. A test that needs it and finds none fails. */
export async function openBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: the browser tests need Debian's chromium (scripts/prepare-test-host.sh installs it: apt-get install chromium)`,
    );
  const profile = mkdtempSync(join(tmpdir(), 'isolab-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  return {
    context,
    page: async () => {
      const page = (await context.newPage()) as Page & { problems: string[] };
      page.problems = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') page.problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
      return page;
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
