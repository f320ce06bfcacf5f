import { withServer, SHOTS, closeChromium, launchChromium, eventually } from '@sw/test-support';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type BrowserContext } from 'playwright-core';

/**
 * The real client's message (test/fixtures/dec-message/real, byte for byte): a 物流中心 (W) export
 * with no 提运单号, filed by its broker; the client opens it in the enterprise console, in Debian's
 * Chromium, and reads the printed 报关单 in Chinese with an empty 提运单号 cell.
 */

jest.setTimeout(120_000);

describe('the real 报关单 without 提运单号, printed in the enterprise console', () => {
  let context: BrowserContext;
  let profile: string;
  const problems: string[] = [];

  beforeAll(async () => {
    ({ context, profile } = await launchChromium());
  });
  afterAll(async () => {
    await closeChromium({ context, profile });
  });
  const world = withServer();

  const BROKER = '914403007542554132'; // 深圳倍通物流科技有限公司, AgentCodeScc of the real message
  const CLIENT = '91440300618932803R'; // 联振电子（深圳）有限公司, its TradeCodeScc

  it('the broker files it as sent; the client sees 运输方式 W, an empty 提运单号 cell, the customs number, its receipts', async () => {
    const { sw, actors } = world;
    const today = new Date(Date.parse((await sw.request('GET', '/v1/dev/clock')).body.now) + 8 * 3600_000).toISOString().slice(0, 10);
    expect((await actors.enterprise(CLIENT).post('/v1/powers-of-attorney', { agent: BROKER, validFrom: today, validUntil: '2099-12-31', scope: { directions: ['export'], customsOffices: ['5317'] } })).status).toBe(201);
    const real = readFileSync(path.join(__dirname, '../fixtures/dec-message/real/loop-server-Dec20181.xml'), 'utf8');
    const filed = await actors.broker(BROKER).post('/v1/declarations', real.replace('<OperType>G</OperType>', '<OperType>C</OperType>'), { 'content-type': 'application/xml' });
    expect(filed.status).toBe(202);
    const id = filed.headers.get('location')!.split('/').pop()!;
    const number = await eventually(async () => {
      const { body } = await actors.enterprise(CLIENT).get(`/v1/declarations/${id}`);
      expect(body.number).toMatch(/^5317\d{4}0\d{9}$/);
      return body.number as string;
    });

    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(`${sw.url}/`);
    await page.getByRole('radio', { name: '企业', exact: true }).check();
    await page.getByLabel('统一社会信用代码').fill(CLIENT);
    await page.getByRole('button', { name: '用开发令牌登录', exact: true }).click();
    await page.getByRole('button', { name: '退出', exact: true }).waitFor();
    await page.goto(`${sw.url}/#/enterprise/declarations/${id}`);

    const head = page.getByTestId('printed-head');
    await head.waitFor();
    const labels = await head.locator('dt').allTextContents();
    const values = await head.locator('dd').allTextContents();
    const cell = (label: string) => values[labels.indexOf(label)];
    expect(cell('运输方式')).toBe('W');
    expect(cell('运输工具名称')).toBe('粤B6R81J');
    expect(cell('提运单号')).toBe('—');
    expect(cell('海关编号')).toBe(number);
    await page.getByTestId('receipts').getByText(number).first().waitFor();
    // The status line names no bill, and leaves no dangling separator.
    expect(await page.locator('.status-line').textContent()).not.toMatch(/·\s*$/);
    await page.screenshot({ path: path.join(SHOTS, 'dec-message-real-no-bill.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
