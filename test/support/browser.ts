import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

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

/** A browser test's Chromium, as withChromium gives it. */
export interface BrowserUnderTest {
  readonly context: BrowserContext;
  /** What the tabs collected (page errors, CSP refusals): a test expects it empty. */
  readonly problems: string[];
  /** A new tab (openTab) that collects into `problems`. */
  tab(options?: { timeout?: number; csp?: boolean }): Promise<Page>;
}

/**
 * One Chromium for a describe block: launched in a beforeAll and closed in an afterAll, both
 * registered where this is called (as withServer does for the server), so that a test file
 * places it before its server to have the pages closed first.
 */
export function withChromium(options: { height?: number; acceptDownloads?: boolean } = {}): BrowserUnderTest {
  const browser: Partial<Chromium> = {};
  const problems: string[] = [];
  beforeAll(async () => {
    Object.assign(browser, await launchChromium(options));
  });
  afterAll(async () => {
    await closeChromium(browser);
  });
  const context = (): BrowserContext => {
    if (!browser.context) throw new Error('Chromium is not running: use the browser inside the tests of the block that called withChromium');
    return browser.context;
  };
  return { get context() { return context(); }, problems, tab: (tabOptions) => openTab(context(), problems, tabOptions) };
}

/** How long a browser test waits for the page by default (a loaded machine renders slowly). */
export const UI_TIMEOUT = 20_000;

/**
 * A new tab of the test's Chromium: the default wait, its page errors (and, with `csp`, the
 * Content Security Policy's refusals) collected into `problems`, which the test expects empty.
 */
export async function openTab(context: BrowserContext, problems: string[], options: { timeout?: number; csp?: boolean } = {}): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(options.timeout ?? UI_TIMEOUT);
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  if (options.csp) {
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
    });
  }
  return page;
}

/** The sign-in page's roles, as the console names them in Chinese. */
export type ConsoleRole = '关员' | '企业' | '报关企业' | '审计员' | '银行 / 保险机构' | '承运人' | '卡口' | '港口经营人';

/**
 * Signs in on the console at `baseUrl` with a dev token of the role (the sign-in page's radio),
 * naming the officer's agency (部门), the enterprise's USCC or the bank's code when given, and
 * waits until the console shows its sign-out button.
 */
export async function signIn(page: Page, baseUrl: string, role: ConsoleRole, options: { agency?: string; uscc?: string; bank?: string } = {}): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByRole('heading', { name: '登录', exact: true }).waitFor();
  await page.getByRole('radio', { name: role, exact: true }).check();
  if (options.agency) await page.getByLabel('部门').selectOption(options.agency);
  if (options.uscc) await page.getByLabel('统一社会信用代码').fill(options.uscc);
  if (options.bank) await page.getByLabel('银行或保险机构代码').fill(options.bank);
  await page.getByRole('button', { name: '用开发令牌登录', exact: true }).click();
  await page.getByRole('button', { name: '退出', exact: true }).waitFor();
}
