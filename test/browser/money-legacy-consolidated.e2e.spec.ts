import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Actors, ENTERPRISES, eventually, seaImport, withServer, SHOTS, withChromium } from '@sw/test-support';
import { type Page } from 'playwright-core';

/**
 * The money a person reads on the enterprise's declaration page, in Chinese: a payment recorded
 * before banks confirmed money is shown as unconfirmed (it releases nothing) until its bank
 * confirms it; a consolidated (汇总征税) two-step declaration's final difference is settled on the
 * general guarantee, nothing payable.
 */

jest.setTimeout(180_000);

describe('legacy payments and consolidated two-step finals in the enterprise console, in Chromium', () => {

  const browser = withChromium();
  const world = withServer();

  async function enterprisePage(uscc: string, declarationId: string): Promise<Page> {
    const page = await browser.tab();
    await page.goto(`${world.sw.url}/`);
    await page.getByRole('radio', { name: '企业', exact: true }).check();
    await page.getByLabel('统一社会信用代码').fill(uscc);
    await page.getByRole('button', { name: '用开发令牌登录', exact: true }).click();
    await page.getByRole('button', { name: '退出', exact: true }).waitFor();
    await page.goto(`${world.sw.url}/#/enterprise/declarations/${declarationId}`);
    return page;
  }

  it('a pre-v1.1 payment reads as unconfirmed, with what to do; confirmed by its bank it reads as confirmed', async () => {
    const actors = new Actors(world.sw);
    const importer = actors.enterprise(ENTERPRISES.shanghaiTrading.uscc);
    const { body } = await importer.post('/v1/declarations', seaImport());
    const owed = await eventually(async () => {
      const v = (await importer.get(`/v1/declarations/${body.id}`)).body;
      expect(v.duties.assessed).toBeGreaterThan(0);
      return v.duties.assessed as number;
    });
    const reference = `OLD-UI-${body.id.slice(0, 6)}`;
    await world.store.append(`declaration-${body.id}`, [{
      type: 'DutiesPaid', data: { amount: owed, currency: 'CNY', reference, paidAt: new Date().toISOString() },
      metadata: { correlationId: body.id, causationId: randomUUID(), actor: { kind: 'enterprise', id: ENTERPRISES.shanghaiTrading.uscc } },
    }], 'any');
    await eventually(async () => expect((await importer.get(`/v1/declarations/${body.id}`)).body.duties.instructions?.[0]?.status).toBe('legacy-unconfirmed'));

    const page = await enterprisePage(ENTERPRISES.shanghaiTrading.uscc, body.id);
    const instructions = page.getByTestId('instructions');
    await instructions.getByText('银行确认制度前自报（未经确认）').waitFor();
    await page.getByTestId('legacy-hint').getByText(/未经银行确认，不结清税费、不放行/).waitFor();
    await page.screenshot({ path: path.join(SHOTS, '18-legacy-unconfirmed-payment.png'), fullPage: true });

    expect((await actors.bank('ICBC').post('/v1/bank/confirmations', { reference, declarationId: body.id, kind: 'payment', amount: owed, currency: 'CNY', status: 'confirmed' })).status).toBe(202);
    await eventually(async () => expect((await importer.get(`/v1/declarations/${body.id}`)).body.status).toBe('released'));
    await page.reload();
    await page.getByTestId('instructions').getByText('银行已确认').waitFor();
    expect(await page.getByTestId('legacy-hint').count()).toBe(0);
    await page.close();
  });

  it('a consolidated two-step final higher than the summary: the difference is drawn on the general guarantee, nothing payable', async () => {
    const actors = new Actors(world.sw);
    const importer = actors.enterprise(ENTERPRISES.shanghaiTrading.uscc);
    const validUntil = new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10);
    const lodged = await actors.bank('BOC').post('/v1/guarantees', { holder: ENTERPRISES.shanghaiTrading.uscc, amount: 10_000_000, currency: 'CNY', validUntil, reference: 'BG-UI-2S' });
    expect(lodged.status).toBe(201);
    await world.sw.server.subscriptions.waitUntilCaughtUp();
    const full = seaImport({ settlement: 'consolidated' });
    const { body } = await importer.post('/v1/declarations', { ...full, mode: 'two-step', summary: { licenseRequired: false, inspectionRequired: false, dutiable: true } });
    await actors.portOperator().post('/v1/arrivals', { billOfLading: full.transport.billOfLading, conveyance: full.transport.conveyance, portOfEntry: '2200' });
    await eventually(async () => expect((await importer.get(`/v1/declarations/${body.id}`)).body.status).toBe('released'));
    const items = full.items.map((item: { value: number }) => ({ ...item, value: item.value * 2 }));
    expect((await importer.post(`/v1/declarations/${body.id}/complete`, { ...full, mode: 'two-step', items })).status).toBe(202);
    const view = await eventually(async () => {
      const v = (await importer.get(`/v1/declarations/${body.id}`)).body;
      expect(v.duties.final?.outstanding).toBe(0);
      return v;
    });

    const page = await enterprisePage(ENTERPRISES.shanghaiTrading.uscc, body.id);
    const final = page.getByTestId('final-assessment');
    await final.getByText('总担保补扣差额').waitFor();
    await final.getByText('汇总征税：完整申报核定税款已在总担保中结算（按月汇总缴纳），此处无需补缴。').waitFor();
    expect(await page.getByTestId('final-general-draw').textContent()).toContain(view.duties.final.generalGuarantee.draw.toLocaleString('en-US', { minimumFractionDigits: 2 }));
    await page.screenshot({ path: path.join(SHOTS, '19-two-step-consolidated-final.png'), fullPage: true });
    await page.close();
  });

  it('ran without a script error', () => {
    expect(browser.problems).toEqual([]);
  });
});
