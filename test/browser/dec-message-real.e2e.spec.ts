import { withServer, SHOTS, eventually, withChromium } from '@sw/test-support';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The real client's message (test/fixtures/dec-message/real, byte for byte): a 物流中心 (W) export
 * with no 提运单号, filed by its broker; the client opens it in the enterprise console, in Debian's
 * Chromium, and reads the printed 报关单 in Chinese with an empty 提运单号 cell.
 */

jest.setTimeout(120_000);

describe('the real 报关单 without 提运单号, printed in the enterprise console', () => {

  const browser = withChromium();
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

    const page = await browser.tab();
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
    expect(browser.problems).toEqual([]);
  });

  it('the declaration form: 提运单号 left empty is refused beside the field by 水路运输 (2), accepted by 物流中心 (W)', async () => {
    const page = await browser.tab();
    await page.goto(`${world.sw.url}/`);
    await page.getByRole('radio', { name: '企业', exact: true }).check();
    await page.getByLabel('统一社会信用代码').fill(CLIENT);
    await page.getByRole('button', { name: '用开发令牌登录', exact: true }).click();
    await page.getByRole('navigation').getByRole('link', { name: '新申报', exact: true }).click();
    await page.getByLabel('企业名称').fill('联振电子（深圳）有限公司');
    await page.getByLabel('申报地海关').fill('5317');
    await page.getByLabel('进出境关别').fill('5317');
    await page.locator('input[name="transport.mode"]').fill('2');
    await page.getByLabel('运输工具').fill('粤B6R81J');
    await page.getByLabel('商品编号').fill('8504500000');
    await page.getByLabel('商品名称').fill('电感器');
    await page.getByLabel('数量').fill('17600');
    await page.getByLabel('计量单位').fill('007');
    await page.getByLabel('总价').fill('729.34');
    await page.getByLabel('原产国').fill('CHN');
    await page.getByRole('button', { name: '提交申报', exact: true }).click();

    const bill = page.getByLabel('提运单号');
    await page.locator('.field-invalid .field-error').first().waitFor();
    expect(await bill.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${(await bill.getAttribute('aria-describedby'))!.split(' ')[0]}`).textContent()).toContain('水路、铁路、公路、航空、邮件运输须填报');

    await page.locator('input[name="transport.mode"]').fill('W');
    await page.getByRole('button', { name: '提交申报', exact: true }).click();
    await page.waitForURL(/#\/enterprise\/declarations\/\d{18}$/);
    expect((await page.locator('.status-line').textContent())!).toContain('粤B6R81J');
    expect(browser.problems).toEqual([]);
  });
});
