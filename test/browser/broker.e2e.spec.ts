import { ENTERPRISES, withServer, SHOTS, signIn, withChromium } from '@sw/test-support';
import path from 'node:path';
import { type Page } from 'playwright-core';

/**
 * 代理报关 in the consoles (issue 18), in Debian's Chromium:
 *   (a) the principal issues a power of attorney for imports at Shanghai customs (2200);
 *   (b) the broker sees its client, files for it and lands on the declaration under its customs
 *       number; outside the power's scope (another office) the console says why, in Chinese,
 *       beside the field;
 *   (c) the principal finds the filing by its number in its own list; a customs officer finds it
 *       on the search page.
 */

jest.setTimeout(180_000);

describe('filing for a client, numbers and search, in Chromium', () => {
  const principal = ENTERPRISES.shanghaiTrading;
  const broker = ENTERPRISES.tianjinMachinery;
  let number: string;

  const browser = withChromium();
  const world = withServer();

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

  async function fillImport(page: Page, office: string) {
    await page.getByLabel('企业名称').fill(broker.name);
    await page.getByLabel('委托企业（境内收发货人）').selectOption(principal.uscc);
    await page.getByLabel('申报地海关').fill(office);
    await page.getByLabel('进出境关别').fill(office);
    await page.getByLabel('运输工具').fill('COSCO SHIPPING ARIES');
    await page.getByLabel('提运单号').fill(`COSU-POA-${Date.now()}`);
    await page.getByLabel('商品编号').fill('8471300000');
    await page.getByLabel('商品名称').fill('portable computers');
    await page.getByLabel('数量').fill('100');
    await page.getByLabel('计量单位').fill('001');
    await page.getByLabel('总价').fill('50000');
    await page.getByLabel('原产国').fill('USA');
    await page.getByRole('button', { name: '提交申报', exact: true }).click();
  }

  it('(a) the principal issues a power of attorney to its broker', async () => {
    const page = await browser.tab();
    await signIn(page, world.sw.url, '企业', { uscc: principal.uscc });
    await page.getByRole('navigation').getByRole('link', { name: '代理报关委托', exact: true }).click();
    await page.getByLabel('报关企业（信用代码）').fill(broker.uscc);
    await page.getByLabel('截止日期（含）').fill('2099-12-31');
    await page.getByLabel('申报地海关').fill('2200');
    await page.getByRole('button', { name: '出具代理报关委托', exact: true }).click();
    await page.getByText('代理报关委托已出具。').waitFor();
    const row = page.locator('tr', { hasText: broker.uscc });
    await row.getByText('有效', { exact: true }).waitFor();
    await row.getByRole('cell', { name: '2200', exact: true }).waitFor();
    await shot(page, 'i18-01-principal-power-of-attorney');
    await page.close();
  });

  it('(b) the broker files for its client under its number, and is told why a filing outside the scope is refused', async () => {
    const page = await browser.tab();
    await signIn(page, world.sw.url, '报关企业', { uscc: broker.uscc });
    await page.getByRole('navigation').getByRole('link', { name: '委托企业', exact: true }).click();
    await page.locator('tr', { hasText: principal.uscc }).getByText('有效', { exact: true }).waitFor();

    await page.getByRole('navigation').getByRole('link', { name: '代理新申报', exact: true }).click();
    await page.locator(`select[name="consignee"] option[value="${principal.uscc}"]`).waitFor({ state: 'attached' });
    await fillImport(page, '4200');
    await page.getByRole('alert').getByText('没有有效的代理报关委托涵盖此申报').waitFor();
    const office = page.getByLabel('申报地海关');
    expect(await office.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${(await office.getAttribute('aria-describedby'))!.split(' ')[0]}`).textContent()).toContain('2200');
    await shot(page, 'i18-02-broker-refused-outside-scope');

    await page.getByLabel('申报地海关').fill('2200');
    await page.getByLabel('进出境关别').fill('2200');
    await page.getByRole('button', { name: '提交申报', exact: true }).click();
    await page.waitForURL(/#\/broker\/declarations\/2200\d{4}1\d{9}$/);
    number = page.url().split('/').pop()!;
    expect(await page.getByTestId('customs-number').textContent()).toBe(number);
    await page.getByRole('heading', { name: `报关单 ${number}` }).waitFor();
    await page.getByText(principal.uscc).first().waitFor();
    await shot(page, 'i18-03-broker-declaration');
    await page.close();
  });

  it('(c) the principal finds it by number in its own list; a customs officer on the search page', async () => {
    const page = await browser.tab();
    await signIn(page, world.sw.url, '企业', { uscc: principal.uscc });
    await page.getByLabel('海关编号、提运单号、运输工具或信用代码').fill(number);
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.getByRole('link', { name: number, exact: true }).click();
    await page.getByTestId('customs-number').getByText(number).waitFor();
    await page.close();

    const officer = await browser.tab();
    await signIn(officer, world.sw.url, '关员', { agency: 'customs' });
    await officer.getByRole('navigation').getByRole('link', { name: '报关单查询', exact: true }).click();
    await officer.getByLabel('海关编号、提运单号、运输工具或信用代码').fill('NO-SUCH-BILL');
    await officer.getByRole('button', { name: '查询', exact: true }).click();
    await officer.getByText('无。', { exact: true }).waitFor();
    await officer.getByLabel('海关编号、提运单号、运输工具或信用代码').fill(number);
    await officer.getByRole('button', { name: '查询', exact: true }).click();
    await officer.getByRole('link', { name: number, exact: true }).click();
    await officer.getByRole('heading', { name: new RegExp(number) }).waitFor();
    await shot(officer, 'i18-04-officer-search');
    await officer.close();
    expect(browser.problems).toEqual([]);
  });
});
