import { ENTERPRISES, eventually, seaImport, withServer, SHOTS, signIn, withChromium } from '@sw/test-support';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Page } from 'playwright-core';

/**
 * The fee catalogue and oversight in a real browser (Debian's Chromium):
 *   - anyone, signed in or not, reads Shanghai's 口岸收费目录清单 from the sign-in page: no token
 *     is sent, none is stored;
 *   - the enterprise sees the port charges on its declaration;
 *   - an auditor's oversight page shows the 24 h alarm pushed as the engine clock passes it, the
 *     weekly report (and downloads its CSV: UTF-8 with a BOM, Chinese headers) and the refused charges.
 */

jest.setTimeout(180_000);

describe('the fee catalogue and oversight consoles, in Chromium', () => {
  const importer = ENTERPRISES.shanghaiTrading;
  const THC = { code: 'THC-20', nameZh: '码头作业费（20英尺集装箱）', payer: 'enterprise', basis: 'container', amount: 480, currency: 'CNY', legalBasis: '交水发〔2019〕136号' };
  const LIFT = { code: 'EXAM-LIFT', nameZh: '查验吊装移位仓储费', payer: 'enterprise', basis: 'container', amount: 300, currency: 'CNY', legalBasis: '国办发〔2018〕37号', examinationHandling: true };
  let declarationId: string;
  let declarationNumber: string;

  const browser = withChromium({ acceptDownloads: true });
  const world = withServer();



  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

  it('(setup) Shanghai publishes its catalogue; a shipment is charged once within it and refused once outside it', async () => {
    const { sw, actors } = world;
    const today = new Date(Date.parse((await sw.request('GET', '/v1/dev/clock')).body.now) + 8 * 3600_000).toISOString().slice(0, 10);
    expect((await actors.portAuthority().post('/v1/fees/catalogues', { port: '2200', effectiveFrom: today, items: [THC, LIFT] })).status).toBe(201);
    ({ id: declarationId, number: declarationNumber } = (await actors.enterprise(importer.uscc).post('/v1/declarations', seaImport())).body);
    expect(declarationNumber).toMatch(/^\d{18}$/);
    expect((await actors.portOperator().post('/v1/fees/charges', { declarationId, code: 'THC-20', quantity: 2, amount: 960 })).status).toBe(201);
    expect((await actors.portOperator().post('/v1/fees/charges', { declarationId, code: 'SECURITY-FEE', quantity: 1, amount: 120 })).status).toBe(409);
    await eventually(async () => expect((await sw.request('GET', '/v1/fees/catalogues?port=2200')).body.items).toHaveLength(1));
  });

  it('shows the public fee catalogue without signing in, sending no token', async () => {
    const page = await browser.tab({ csp: true });
    const apiCalls: { url: string; authorization?: string }[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/v1/')) apiCalls.push({ url: request.url(), authorization: request.headers().authorization });
    });
    await page.goto(`${world.sw.url}/`);
    await page.getByRole('link', { name: '口岸收费目录清单', exact: true }).click();
    await page.getByRole('heading', { name: '口岸收费目录清单', exact: true }).waitFor();
    expect(page.url()).toMatch(/#\/fees$/);
    await page.getByLabel('口岸', { exact: true }).fill('2200');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    const row = page.getByRole('row').filter({ hasText: 'THC-20' });
    await row.getByRole('cell', { name: '码头作业费（20英尺集装箱）', exact: true }).waitFor();
    await row.getByRole('cell', { name: '每箱', exact: true }).waitFor();
    await row.getByRole('cell', { name: '货主企业', exact: true }).waitFor();
    await page.getByText('查验吊装移位仓储费：查验没有问题的，由政府承担').waitFor();
    await page.getByRole('heading', { name: /\(2200\) · 版本 1$/ }).waitFor();
    await shot(page, '20-public-fee-catalogue');
    expect(apiCalls.some((c) => c.url.includes('/v1/fees/catalogues?port=2200'))).toBe(true);
    expect(apiCalls.filter((c) => c.authorization !== undefined)).toEqual([]);
    expect(await page.evaluate('sessionStorage.getItem("sw.token")')).toBeNull();
    await page.close();
  });

  it('shows the enterprise the port charges on its declaration', async () => {
    const page = await browser.tab({ csp: true });
    await signIn(page, world.sw.url, '企业', { uscc: importer.uscc });
    await page.goto(`${world.sw.url}/console/#/enterprise/declarations/${declarationId}`);
    const charges = page.getByTestId('shipment-charges');
    await charges.getByRole('cell', { name: '码头作业费（20英尺集装箱）', exact: true }).waitFor();
    expect(await charges.getByRole('row').filter({ hasText: 'THC-20' }).textContent()).toContain('960.00 CNY');
    await shot(page, '21-enterprise-charges');
    await page.close();
  });

  it('shows an auditor the pushed 24 h alarm, the weekly report and its CSV, and the refused charges', async () => {
    const page = await browser.tab({ csp: true });
    await signIn(page, world.sw.url, '审计员');
    await page.getByRole('link', { name: '通关时效', exact: true }).click();
    await page.getByRole('heading', { name: '超时预警（24 小时、48 小时）', exact: true }).waitFor();
    await page.getByText('实时', { exact: true }).first().waitFor();
    // The unpaid import arrived at its declaration: 25 h later it passes 24 h, and the page hears it.
    expect((await world.sw.request('POST', '/v1/dev/clock', { advance: 'PT25H' })).status).toBe(202);
    await page.getByTestId('alarms').getByRole('row').filter({ hasText: declarationNumber }).getByText('超过 24 小时未放行').waitFor({ timeout: 30_000 });

    await page.getByTestId('report').getByRole('cell', { name: '总体', exact: true }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 CSV', exact: true }).click()]);
    expect(download.suggestedFilename()).toMatch(/^clearance-week-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8').split('\r\n')[0]).toMatch(/^统计期间起,统计期间止（不含）,维度,进出口,口岸代码,口岸名称,申报方式,放行票数,整体通关时间中位数（小时）/);

    const refused = page.getByTestId('refused-charges').getByRole('row').filter({ hasText: 'SECURITY-FEE' });
    await refused.getByRole('cell', { name: '不在收费目录内', exact: true }).waitFor();
    await refused.getByRole('link', { name: declarationNumber, exact: true }).waitFor(); // named by its customs number, not a short id
    await shot(page, '22-oversight-alarms-reports-refused');
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByRole('heading', { name: 'Refused port charges (outside the catalogue)', exact: true }).waitFor();
    await page.getByRole('button', { name: '中文', exact: true }).click();
    await page.close();
  });

  it('ran every page without a script error or a CSP violation', () => {
    expect(browser.problems).toEqual([]);
  });
});
