import { CARRIERS, ENTERPRISES, eventually, withServer, SHOTS, signIn, withChromium } from '@sw/test-support';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { type Page } from 'playwright-core';

/**
 * The border post in a real browser (Debian's Chromium), in Chinese:
 *   - a carrier files a manifest (舱单) and declares an empty truck's crossing (运输工具申报) from its page;
 *   - the enterprise sees its road import wait for the manifest, in words;
 *   - the gate asks for a loaded truck and sees, per declaration, what still holds it; the empty truck passes.
 */

jest.setTimeout(180_000);

describe('the carrier, enterprise and gate consoles at a land border post, in Chromium', () => {
  const PORT = '0700';
  const tag = () => randomUUID().slice(0, 5).toUpperCase();
  const emptyPlate = `蒙K${tag()}`;
  const loadedPlate = `蒙K${tag()}`;
  let declarationId: string;
  const loadedBill = `EL-${tag()}`;

  const browser = withChromium();
  const world = withServer();

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

  it('a carrier files a manifest and declares an empty truck from its page, with clear errors for bad input', async () => {
    const page = await browser.tab();
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
    const page = await browser.tab();
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
    const page = await browser.tab();
    await signIn(page, world.sw.url, '卡口');
    await page.getByLabel(/^运输工具( \*)?$/).fill(loadedPlate.toLowerCase());
    await page.getByLabel(/^进出境关别( \*)?$/).fill(PORT);
    const answer = page.getByTestId('gate-answer');
    await eventually(async () => {
      await page.getByRole('button', { name: '卡口验放', exact: true }).click();
      await answer.getByRole('cell', { name: /海关：提运单未列入该运输工具、该口岸的舱单/ }).waitFor({ timeout: 1000 });
    }, { timeoutMs: 15_000, intervalMs: 300 });
    await page.getByRole('status').filter({ hasText: '不予抬杆' }).waitFor();
    // Why the gate stays shut, in the catalogue's Chinese (the server's reasonMessages), not its English.
    const reasons = page.getByTestId('gate-reasons');
    await reasons.getByText(/^报关单 .+ 尚未放行（已申报）：提运单未列入该运输工具、该口岸的舱单/).waitFor();
    expect(await reasons.innerText()).not.toMatch(/not released|declaration/);
    await shot(page, '42-gate-shut');
    await page.getByLabel(/^运输工具( \*)?$/).fill(emptyPlate);
    await page.getByRole('button', { name: '卡口验放', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '抬杆放行' }).waitFor();
    await answer.getByText(/已出卡口/).waitFor();
    await shot(page, '43-gate-empty-truck');
    await page.close();
  });

  it('the port operator sees the examination notice (查验通知) of its port pushed to its page, booked and done, without a reload', async () => {
    const page = await browser.tab();
    await signIn(page, world.sw.url, '港口经营人');
    const notices = page.getByRole('region', { name: '查验通知', exact: true });
    await notices.getByRole('status').filter({ hasText: '实时' }).waitFor();
    await eventually(async () => {
      const examine = await world.actors.officer('customs').post(`/v1/agencies/customs/cases/${declarationId}/decisions`, { decision: 'examine', reason: 'check the declared laptops' });
      expect(examine.body).toMatchObject({ status: 'examination' });
    });
    // Pushed over server-sent events: the notice appears without a reload, well within what a 10 s poll would take.
    const row = page.getByTestId('examination-notices').getByRole('row').filter({ hasText: loadedBill });
    await row.getByRole('cell', { name: '海关', exact: true }).waitFor({ timeout: 8_000 });
    await row.getByRole('cell', { name: '尚未预约', exact: true }).waitFor();
    await shot(page, '44-port-operator-examination-notice');
    // The officers book the slot: the yard reads where they come, live.
    const from = new Date(Date.now() + 2 * 3600_000);
    const booked = await world.actors.officer('customs').post(`/v1/examinations/${declarationId}/appointment`, { from: from.toISOString(), to: new Date(from.getTime() + 3600_000).toISOString(), location: '查验场 3号位' });
    expect(booked.status).toBe(202);
    await row.getByText(/查验场 3号位/).waitFor({ timeout: 8_000 });
    // Examined: the notice leaves the yard's list.
    const done = await world.actors.officer('customs').post(`/v1/examinations/${declarationId}/findings`, { checks: [{ check: 'scan', result: 'pass' }, { check: 'documents', result: 'pass' }] });
    expect(done.status).toBe(202);
    await row.waitFor({ state: 'detached', timeout: 8_000 });
    await page.close();
    expect(browser.problems).toEqual([]);
  });

  it('a border officer sees the crossing held by an alert on its driver, in Chinese, opens it and clears it with a reason', async () => {
    const plate = `蒙K${tag()}`;
    const document = `E${tag()}77`;
    const alert = await world.actors.officer('border').post('/v1/alerts', { subject: { kind: 'crew', value: document }, reason: '出入境管理部门要求询问', action: 'hold' });
    expect(alert.status).toBe(201);
    await eventually(async () => expect((await world.actors.officer('border').get('/v1/alerts?status=active')).body.items.map((a: { id: string }) => a.id)).toContain(alert.body.id));
    const declared = await world.actors.carrier().post('/v1/conveyances/crossings', { conveyance: plate, direction: 'export', portOfEntry: PORT, crew: [{ name: 'Ganbold', document }], empty: true });
    expect(declared.status).toBe(201);

    const page = await browser.tab();
    await signIn(page, world.sw.url, '关员', { agency: 'border' });
    await page.getByRole('link', { name: '运输工具申报', exact: true }).click();
    const worklist = page.getByRole('region', { name: '待边检处置的运输工具申报', exact: true });
    const row = worklist.getByRole('row').filter({ hasText: plate });
    // Refreshed every 10 s: the held crossing appears with why, in words.
    await row.getByText(`命中执法互助布控 ${alert.body.id}（司乘人员证件：${document}）：出入境管理部门要求询问`).waitFor({ timeout: 30_000 });
    await row.getByRole('cell', { name: '边检扣留', exact: true }).waitFor();
    await shot(page, '45-border-crossings-worklist');
    await row.getByRole('link', { name: '处置', exact: true }).click();

    const detail = page.getByRole('region', { name: `运输工具申报 ${plate}`, exact: true });
    await detail.getByTestId('crossing-status').getByText('边检扣留', { exact: true }).waitFor();
    await detail.getByTestId('crossing-holds').getByText(/命中执法互助布控/).waitFor();
    // No reason: refused, the field named.
    await detail.getByRole('button', { name: '提交决定', exact: true }).click();
    await detail.locator('.field-error').first().waitFor();
    await detail.getByLabel('处置决定').selectOption('release');
    await detail.getByLabel(/^理由( \*)?$/).fill('已询问驾驶员，证件无误');
    await detail.getByRole('button', { name: '提交决定', exact: true }).click();
    await detail.getByRole('status').filter({ hasText: '已放行：准予通行' }).waitFor();
    await detail.getByTestId('crossing-status').getByText('已放行', { exact: true }).waitFor();
    await shot(page, '46-border-crossing-cleared');
    // Back on the worklist, it no longer waits.
    await detail.getByRole('link', { name: '返回列表', exact: true }).click();
    await worklist.waitFor();
    await eventually(async () => {
      await page.reload();
      await page.getByRole('region', { name: '待边检处置的运输工具申报', exact: true }).waitFor();
      expect(await page.getByRole('row').filter({ hasText: plate }).count()).toBe(0);
    }, { timeoutMs: 15_000, intervalMs: 500 });
    expect((await world.actors.officer('border').get(`/v1/conveyances/crossings/${declared.body.id}`)).body.status).toBe('cleared');
    await page.close();
    expect(browser.problems).toEqual([]);
  });

  it("a customs officer reads on the second declaration's case that the truck's one scan (一次查验) already served it", async () => {
    const plate = `蒙K${tag()}`;
    const importer = world.actors.enterprise(ENTERPRISES.shanghaiTrading.uscc);
    const ids: string[] = [];
    for (const bill of [`EL-${tag()}`, `EL-${tag()}`]) {
      const submitted = await importer.post('/v1/declarations', {
        mode: 'standard', direction: 'import', declarant: ENTERPRISES.shanghaiTrading, customsOffice: PORT, portOfEntry: PORT,
        transport: { mode: '4', conveyance: plate, billOfLading: bill }, tradeMode: '0110', incoterm: 'DAP', currency: 'USD',
        items: [{ hsCode: '8471300000', description: 'portable computers', quantity: 100, unit: '001', value: 50000, originCountry: 'MNG' }], documents: [],
      });
      expect(submitted.status).toBe(202);
      ids.push(submitted.body.id);
    }
    const customs = world.actors.officer('customs');
    for (const id of ids) {
      await eventually(async () => expect((await customs.post(`/v1/agencies/customs/cases/${id}/decisions`, { decision: 'examine', reason: 'declared value to be checked' })).body).toMatchObject({ status: 'examination' }));
    }
    const declared = await world.actors.carrier().post('/v1/conveyances/crossings', { conveyance: plate, direction: 'import', portOfEntry: PORT, crew: [{ name: 'Batbayar', document: `E${tag()}22` }], empty: false, declarations: ids });
    expect(declared.status).toBe(201);
    await eventually(async () => expect((await customs.get(`/v1/examinations/${ids[1]}`)).status).toBe(200));
    expect((await customs.post(`/v1/examinations/${ids[0]}/findings`, { checks: [{ check: 'scan', result: 'pass' }] })).status).toBe(202);

    const page = await browser.tab();
    await signIn(page, world.sw.url, '关员', { agency: 'customs' });
    await page.goto(`${world.sw.url}/console/#/officer/cases/${ids[1]}`);
    const note = page.getByTestId('exam-on-conveyance');
    await eventually(async () => {
      await page.reload();
      await note.filter({ hasText: '已在同车报关单的查验中对整车完成' }).filter({ hasText: ids[0]!.slice(0, 8) }).waitFor({ timeout: 2000 });
    }, { timeoutMs: 20_000, intervalMs: 500 });
    await shot(page, '47-officer-scan-recognized-on-truck');
    await page.close();
    expect(browser.problems).toEqual([]);
  });
});
