import { Actors, ENTERPRISES, eventually, seaImport, settleThroughBank, withServer, SHOTS, signIn, withChromium } from '@sw/test-support';
import path from 'node:path';
import { type Page } from 'playwright-core';

/**
 * 两步申报 and 汇总征税 in the enterprise's console, in Chinese: the declarant files the complete
 * declaration on its declaration's page and reads how it was settled against the guarantee
 * (drawn, released, still payable); a consolidated declaration without a general guarantee says
 * why it waits.
 */

jest.setTimeout(180_000);

describe('two-step and consolidated tax in the enterprise console, in Chromium', () => {

  const browser = withChromium();
  const world = withServer();

  async function enterprisePage(uscc: string, declarationId: string): Promise<Page> {
    const page = await browser.tab();
    await signIn(page, world.sw.url, '企业', { uscc });
    await page.goto(`${world.sw.url}/#/enterprise/declarations/${declarationId}`);
    return page;
  }

  it('files the complete declaration on its page and reads the final assessment settled against the guarantee', async () => {
    const actors = new Actors(world.sw);
    const importer = actors.enterprise(ENTERPRISES.qingdaoFood.uscc);
    const full = seaImport({ declarant: ENTERPRISES.qingdaoFood });
    const item = full.items[0];
    const { body } = await importer.post('/v1/declarations', {
      ...full, mode: 'two-step', summary: { licenseRequired: false, inspectionRequired: false, dutiable: true }, items: [{ ...item, value: undefined }],
    });
    await actors.portOperator().post('/v1/arrivals', { billOfLading: full.transport.billOfLading, conveyance: full.transport.conveyance, portOfEntry: '2200' });
    await settleThroughBank(actors, importer, body.id, { kind: 'guarantee', amount: 1_000, reference: `G-UI-${body.id.slice(0, 6)}` });
    await eventually(async () => expect((await importer.get(`/v1/declarations/${body.id}`)).body.status).toBe('released'));

    const page = await enterprisePage(ENTERPRISES.qingdaoFood.uscc, body.id);
    const form = page.locator('form', { has: page.getByRole('button', { name: '提交完整申报', exact: true }) });
    const row = form.getByRole('group', { name: /1$/ });
    await row.getByLabel('商品编号').fill(item.hsCode);
    await row.getByLabel('商品名称').fill(item.description);
    await row.getByLabel('数量').fill(String(item.quantity));
    await row.getByLabel('计量单位').fill(item.unit);
    await row.getByLabel('总价').fill(String(item.value));
    await row.getByLabel('原产国').fill(item.originCountry);
    await form.getByRole('button', { name: '提交完整申报', exact: true }).click();
    await page.getByText('完整申报已提交。').waitFor();

    // The page follows the shipment: the final assessment appears, the guarantee drawn whole, the difference payable.
    const final = page.getByTestId('final-assessment');
    await eventually(async () => {
      await page.reload();
      await final.waitFor({ timeout: 2_000 });
    });
    await final.getByText('完整申报核定（两步申报）').waitFor();
    await final.getByText('担保转为税款').waitFor();
    await final.getByText('担保不足以覆盖核定税款：请补缴差额，银行确认后生效。').waitFor();
    const view = (await importer.get(`/v1/declarations/${body.id}`)).body;
    expect(view.duties.final).toMatchObject({ drawnOnGuarantee: 1_000, guaranteeReleased: 0 });
    expect(await page.getByTestId('final-payable').textContent()).toContain(view.duties.final.outstanding.toLocaleString('en-US', { minimumFractionDigits: 2 }));
    await page.screenshot({ path: path.join(SHOTS, '16-two-step-final-assessment.png'), fullPage: true });
    await page.close();
  });

  it('a consolidated declaration without a general guarantee says why it waits, in Chinese; a draw given back shows on the guarantee page', async () => {
    const actors = new Actors(world.sw);
    const machinery = actors.enterprise(ENTERPRISES.tianjinMachinery.uscc);
    const { body } = await machinery.post('/v1/declarations', seaImport({ declarant: ENTERPRISES.tianjinMachinery, settlement: 'consolidated' }));
    await eventually(async () => expect((await machinery.get(`/v1/declarations/${body.id}`)).body.duties.consolidated).toMatchObject({ status: 'waiting' }));
    const page = await enterprisePage(ENTERPRISES.tianjinMachinery.uscc, body.id);
    await page.getByTestId('consolidated').getByText('等待总担保额度').waitFor();
    await page.getByTestId('consolidated').getByText('您尚无有效的总担保：请银行提交总担保，或直接缴纳税款。').waitFor();

    // A bank lodges one: the waiting declaration is drawn; an advance one drawn and then withdrawn is given back, as the holder's guarantee page says.
    const validUntil = new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10);
    const lodged = await actors.bank('BOC').post('/v1/guarantees', { holder: ENTERPRISES.tianjinMachinery.uscc, amount: 10_000_000, currency: 'CNY', validUntil, reference: 'BG-UI-2' });
    expect(lodged.status).toBe(201);
    const advance = await machinery.post('/v1/declarations', seaImport({ mode: 'advance', declarant: ENTERPRISES.tianjinMachinery, settlement: 'consolidated' }));
    await eventually(async () => expect((await machinery.get(`/v1/declarations/${advance.body.id}`)).body.duties.consolidated).toMatchObject({ status: 'drawn' }));
    expect((await machinery.post(`/v1/declarations/${advance.body.id}/withdraw`, { reason: 'order cancelled' })).status).toBe(202);
    await eventually(async () => expect((await machinery.get(`/v1/guarantees/${lodged.body.id}`)).body.uses.some((u: { releasedAt?: string }) => u.releasedAt)).toBe(true));
    await page.getByRole('navigation').getByRole('link', { name: '总担保', exact: true }).click();
    await page.getByLabel('担保编号').fill(lodged.body.id);
    await page.getByRole('button', { name: '打开', exact: true }).click();
    await page.getByText(/已退还额度（报关单撤回或退单）/).waitFor();
    await page.screenshot({ path: path.join(SHOTS, '17-guarantee-draw-given-back.png'), fullPage: true });
    await page.close();
  });

  it('ran without a script error', () => {
    expect(browser.problems).toEqual([]);
  });
});
