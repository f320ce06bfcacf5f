import { ENTERPRISES, createTestDatabase, eventually, roadExport, startTestServer, Actors, type TestDatabase, type TestServer, SHOTS, signIn, withChromium } from '@sw/test-support';
import path from 'node:path';

/**
 * Admission control in the enterprise's console (issue 22): while the pipeline is too far behind,
 * the new-declaration form says so in Chinese (the server's 503 admission-backlog), and that
 * nothing was submitted, instead of "the server failed". English stays available.
 */

jest.setTimeout(120_000);

describe('the new-declaration page while submissions are shed, in Chromium', () => {
  let database: TestDatabase, api: TestServer, worker: TestServer | null = null;
  const env = { RISK_RANDOM_SELECTION: 'off', ADMISSION_MAX_BACKLOG_SECONDS: '1' };
  // Before the servers' hooks: its pages close before the servers do.
  const browser = withChromium({ height: 768 });

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startTestServer({ ...env, SW_ROLE: 'api' }, database);
    worker = await startTestServer({ ...env, SW_ROLE: 'worker' }, database);
  });
  afterAll(async () => {
    await worker?.close({ keepDatabase: true });
    await api?.close({ keepDatabase: true });
    await database?.drop();
  });

  it('tells the enterprise in Chinese that the system is busy and nothing was submitted; English too', async () => {
    const actors = new Actors(api);
    const exporter = actors.enterprise(ENTERPRISES.shenzhenElectronics.uscc);
    expect((await exporter.post('/v1/declarations', roadExport())).status).toBe(202);
    // The worker stops: the pipeline falls behind until submissions are shed.
    await worker!.close({ keepDatabase: true });
    worker = null;
    await exporter.post('/v1/declarations', roadExport());
    await eventually(async () => expect((await api.request('GET', '/health')).body.checks.admission.state).toBe('shedding'), { timeoutMs: 15_000, intervalMs: 200 });

    const page = await browser.tab({ timeout: 30_000 }); // playwright's own default, as before
    await signIn(page, api.url, '企业', { uscc: ENTERPRISES.qingdaoFood.uscc });
    await page.getByRole('navigation').getByRole('link', { name: '新申报', exact: true }).click();
    await page.getByLabel('企业名称').fill(ENTERPRISES.qingdaoFood.name);
    await page.getByLabel('申报地海关').fill('4200');
    await page.getByLabel('进出境关别').fill('4200');
    await page.getByLabel('运输工具').fill('HAIFENG STAR');
    await page.getByLabel('航次').fill('0251N');
    await page.getByLabel('提运单号').fill(`COSU-BEEF-${Date.now()}`);
    await page.getByLabel('商品编号').fill('0202300090');
    await page.getByLabel('商品名称').fill('frozen boneless beef');
    await page.getByLabel('数量').fill('24000');
    await page.getByLabel('计量单位').fill('035');
    await page.getByLabel('总价').fill('120000');
    await page.getByLabel('原产国').fill('BRA');
    await page.getByRole('button', { name: '提交申报', exact: true }).click();

    await page.getByRole('alert').getByText('系统繁忙，暂不受理新的申报').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('本次申报未提交');
    expect(page.url()).not.toMatch(/declarations\/[0-9a-f-]{36}$/);
    await page.screenshot({ path: path.join(SHOTS, 'admission-shed-zh.png'), fullPage: true });

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Submit declaration', exact: true }).click();
    await page.getByRole('alert').getByText('The system is busy and is not taking new declarations').waitFor();
    expect(browser.problems).toEqual([]);
  });
});
