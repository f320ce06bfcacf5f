import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (never a downloaded browser); CHROMIUM_PATH overrides. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where the browser tests leave their screenshots. */
export const SHOTS = path.resolve(__dirname, '../../test-output/screenshots');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Chromium { context: BrowserContext; profile: string }

/** One headless Chromium with a fresh profile, in Chinese (zh-CN), for a browser test's beforeAll. */
export async function launchChromium(options: { height?: number; acceptDownloads?: boolean } = {}): Promise<Chromium> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: the browser tests need Debian's chromium (apt-get install -y chromium)`);
  mkdirSync(SHOTS, { recursive: true });
  const profile = mkdtempSync(path.join(tmpdir(), 'sw-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1366, height: options.height ?? 900 }, locale: 'zh-CN',
    ...(options.acceptDownloads ? { acceptDownloads: true } : {}),
  });
  return { context, profile };
}

/** Closes what launchChromium opened and removes its profile (for afterAll; safe when it never launched). */
export async function closeChromium(browser: Partial<Chromium>): Promise<void> {
  await browser.context?.close();
  if (browser.profile) rmSync(browser.profile, { recursive: true, force: true });
}
