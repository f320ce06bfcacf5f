import { ENTERPRISES, withServer, SHOTS, signIn, withChromium } from '@sw/test-support';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Page } from 'playwright-core';

/**
 * 报关单报文 in the enterprise console, in Debian's Chromium: the enterprise uploads the file its
 * broker software wrote, reads the 统一编号, opens the declaration printed the way a 报关单 is
 * (Chinese field names in the form's order) with its receipts, and a broken file is refused in Chinese.
 */

jest.setTimeout(120_000);

describe('报关单报文 in the enterprise console, in Chromium', () => {

  const browser = withChromium();
  const world = withServer();

  async function signedInEnterprise(uscc: string): Promise<Page> {
    const page = await browser.tab({ csp: true });
    await signIn(page, world.sw.url, '企业', { uscc });
    return page;
  }

  it('uploads a DecMessage file, shows its 统一编号, prints the 报关单 with its receipts; a broken file is refused in Chinese', async () => {
    const page = await signedInEnterprise(ENTERPRISES.shanghaiTrading.uscc);
    const xml = readFileSync(path.join(__dirname, '../fixtures/dec-message/import-general-trade.xml'), 'utf8')
      .replace(/(<ClientSeqNo>)[^<]+/, `$1B${randomUUID().slice(0, 8)}`).replace(/(<BillNo>)[^<]+/, `$1COSU${randomUUID().slice(0, 8).toUpperCase()}`)
      // A licence on the first goods line (DecGoodsLimits) and a transit block (TrnHead) are printed too.
      .replace('</DecList>', '<DecGoodsLimits><DecGoodsLimit><GoodsNo>1</GoodsNo><LicTypeCode>O</LicTypeCode><LicenceNo>23-AB-123456</LicenceNo></DecGoodsLimit></DecGoodsLimits></DecList>')
      .replace('</DecSign>', '</DecSign><TrnHead><NativeShipName>沪A12345</NativeShipName></TrnHead>');

    await page.getByRole('heading', { name: '上传报关单报文' }).waitFor();
    await page.getByLabel('报文文件').setInputFiles({ name: 'broken.xml', mimeType: 'application/xml', buffer: Buffer.from('<DecMessage><DecHead>') });
    await page.getByRole('alert').filter({ hasText: '导入失败' }).waitFor();
    expect(await page.getByTestId('upload-result').textContent()).toContain('报文不是格式正确的 XML');

    await page.getByLabel('报文文件').setInputFiles({ name: 'dec.xml', mimeType: 'application/xml', buffer: Buffer.from(xml) });
    const accepted = page.getByRole('status').filter({ hasText: '导入成功，统一编号' });
    await accepted.waitFor();
    expect(await accepted.textContent()).toMatch(/I\d{17}/);
    await page.getByRole('link', { name: '查看报关单' }).click();

    const head = page.getByTestId('printed-head');
    await head.waitFor();
    const labels = await head.locator('dt').allTextContents();
    expect(labels.slice(0, 6)).toEqual(['预录入编号', '海关编号', '统一编号', '境内收发货人', '进出境关别', '进出口日期']);
    const facts = Object.fromEntries((await head.locator('dt').allTextContents()).map((label, i) => [label, i]));
    const values = await head.locator('dd').allTextContents();
    expect(values[facts['毛重(千克)']]).toBe('1250.5');
    expect(values[facts['海关编号']]).toMatch(/^2248\d{4}1\d{9}$/);
    expect(values[facts['集装箱号']]).toBe('CSNU6184230');
    expect(values[facts['商品项许可证（项号：类别:编号）']]).toBe('1：O:23-AB-123456');
    expect(values[facts['转关信息（境内运输工具 · 提运单号）']]).toBe('沪A12345');
    expect(await page.getByTestId('printed-lines').locator('tbody tr').count()).toBe(2);
    expect(await page.getByTestId('printed-lines').textContent()).toContain('4|3|便携式|品牌:PCS|型号:NB-14');
    await page.getByTestId('receipts').getByText('L 入库成功').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'dec-message-printed.png'), fullPage: true });
    expect(browser.problems).toEqual([]);
  });
});
