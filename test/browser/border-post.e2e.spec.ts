import { CARRIERS, ENTERPRISES, eventually, withServer, SHOTS, closeChromium, launchChromium, openTab, signIn } from '@sw/test-support';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { type BrowserContext, type Page } from 'playwright-core';

/**
 * The border post in a real browser (Debian's Chromium), in Chinese:
 *   - a carrier files a manifest (舱单) and declares an empty truck's crossing (运输工具申报) from its page;
 *   - the enterprise sees its road import wait for the manifest, in words;
 *   - the gate asks for a loaded truck and sees, per declaration, what still holds it; the empty truck passes.
 */

jest.setTimeout(180_000);

describe('the carrier, enterprise and gate consoles at a land border post, in Chromium', () => {
  let context: BrowserContext;
  let profile: string;
  const problems: string[] = [];
  const PORT = '0700';
  const tag = () => randomUUID().slice(0, 5).toUpperCase();
  const emptyPlate = `蒙K${tag()}`;
  const loadedPlate = `蒙K${tag()}`;
  let declarationId: string;
  const loadedBill = `EL-${tag()}`;

  beforeAll(async () => {
    ({ context, profile } = await launchChromium());
  });
  afterAll(async () => {
    await closeChromium({ context, profile });
  });
  const world = withServer();

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

  it('a carrier files a manifest and declares an empty truck from its page, with clear errors for bad input', async () => {
    const page = await openTab(context, problems);
    await signIn(page, world.sw.url, '承运人', { uscc: CARRIERS.erenhot.uscc });
    const manifest = page.getByRole('region', { name: '舱单', exact: true });
    await manifest.getByLabel(/^运输工具( \*)?$/).fill(loadedPlate);
    await manifest.getByLabel(/^进出境关别( \*)?$/).fill(PORT);
    await manifest.getByLabel('预计抵达时间').fill('2026-12-31T10:00');
    // A bill listed twice: refused, the field named.
    await manifest.getByLabel(/^提运单( \*)?$/).fill('EL-B1, 10, 2400, laptops\nEL-B1, 10, 2400, laptops');
    await manifest.getByRole('button', { name: '发送舱单', exact: true }).click();
    await manifest.locator('.field-error').filter({ hasText: '提单号重复' }).waitFor();
    const bill = `EL-${tag()}`;
    await manifest.getByLabel(/^提运单( \*)?$/).fill(`${bill}, 10, 2400, laptops`);
    await manifest.getByRole('button', { name: '发送舱单', exact: true }).click();
    await manifest.getByRole('status').filter({ hasText: '舱单已申报' }).waitFor();

    const crossing = page.getByRole('region', { name: '运输工具申报', exact: true });
    await crossing.getByLabel(/^运输工具( \*)?$/).fill(emptyPlate);
    await crossing.getByLabel(/^进出境关别( \*)?$/).fill(PORT);
    await crossing.getByLabel('司乘人员').fill(`Ganbold, E${tag()}00`);
    await crossing.getByRole('checkbox', { name: '空车（无货物）' }).check();
    await crossing.getByRole('button', { name: '申报运输工具', exact: true }).click();
    await crossing.getByRole('status').filter({ hasText: '运输工具已申报' }).waitFor();
    await eventually(async () => {
      await crossing.getByRole('button', { name: '查询状态', exact: true }).click();
      await crossing.getByTestId('crossing-status').getByText('已放行', { exact: true }).waitFor({ timeout: 1000 });
    }, { timeoutMs: 15_000, intervalMs: 300 });
    await shot(page, '40-carrier-manifest-crossing');
    await page.close();
  });

  it('the enterprise reads, in Chinese, that its road import waits for the manifest', async () => {
    const submitted = await world.actors.enterprise(ENTERPRISES.shanghaiTrading.uscc).post('/v1/declarations', {
      mode: 'standard', direction: 'import', declarant: ENTERPRISES.shanghaiTrading, customsOffice: PORT, portOfEntry: PORT,
      transport: { mode: '4', conveyance: loadedPlate, billOfLading: loadedBill }, tradeMode: '0110', incoterm: 'DAP', currency: 'USD',
      items: [{ hsCode: '8471300000', description: 'portable computers', quantity: 100, unit: '001', value: 50000, originCountry: 'MNG' }], documents: [],
    });
    expect(submitted.status).toBe(202);
    declarationId = submitted.body.id;
    const page = await openTab(context, problems);
    await signIn(page, world.sw.url, '企业', { uscc: ENTERPRISES.shanghaiTrading.uscc });
    await page.goto(`${world.sw.url}/console/#/enterprise/declarations/${declarationId}`);
    await page.getByTestId('manifest-state').getByText(/提运单尚未列入该运输工具、该口岸的舱单/).waitFor();
    await shot(page, '41-enterprise-manifest-missing');
    await page.close();
  });

  it('the gate sees what holds each declaration on a loaded truck, and lets the empty truck out', async () => {
    const declared = await world.actors.carrier().post('/v1/conveyances/crossings', {
      conveyance: loadedPlate, direction: 'import', portOfEntry: PORT, crew: [{ name: 'Batbayar', document: `E${tag()}11` }], empty: false, declarations: [declarationId],
    });
    expect(declared.status).toBe(201);
    const page = await openTab(context, problems);
    await signIn(page, world.sw.url, '卡口');
    await page.getByLabel(/^运输工具( \*)?$/).fill(loadedPlate.toLowerCase());
    await page.getByLabel(/^进出境关别( \*)?$/).fill(PORT);
    const answer = page.getByTestId('gate-answer');
    await eventually(async () => {
      await page.getByRole('button', { name: '卡口验放', exact: true }).click();
      await answer.getByText(/提运单未列入该运输工具、该口岸的舱单/).waitFor({ timeout: 1000 });
    }, { timeoutMs: 15_000, intervalMs: 300 });
    await page.getByRole('status').filter({ hasText: '不予抬杆' }).waitFor();
    await shot(page, '42-gate-shut');
    await page.getByLabel(/^运输工具( \*)?$/).fill(emptyPlate);
    await page.getByRole('button', { name: '卡口验放', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '抬杆放行' }).waitFor();
    await answer.getByText(/已出卡口/).waitFor();
    await shot(page, '43-gate-empty-truck');
    await page.close();
  });

  it('the port operator sees the examination notice (查验通知) of its port appear, to move the container in time', async () => {
    const page = await openTab(context, problems);
    await signIn(page, world.sw.url, '港口经营人');
    await page.getByRole('heading', { name: '查验通知', exact: true }).waitFor();
    await eventually(async () => {
      const examine = await world.actors.officer('customs').post(`/v1/agencies/customs/cases/${declarationId}/decisions`, { decision: 'examine', reason: 'check the declared laptops' });
      expect(examine.body).toMatchObject({ status: 'examination' });
    });
    // Refreshed every 10 s: the notice appears without a reload.
    const row = page.getByTestId('examination-notices').getByRole('row').filter({ hasText: loadedBill });
    await row.getByRole('cell', { name: '海关', exact: true }).waitFor({ timeout: 30_000 });
    await row.getByRole('cell', { name: '尚未预约', exact: true }).waitFor();
    await shot(page, '44-port-operator-examination-notice');
    await page.close();
    expect(problems).toEqual([]);
  });
});
