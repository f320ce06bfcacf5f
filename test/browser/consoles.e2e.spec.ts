import { ENTERPRISES, withServer, SHOTS, signIn, withChromium } from '@sw/test-support';
import path from 'node:path';
import { type Page } from 'playwright-core';

/**
 * The consoles in a real browser: Debian's Chromium driven by playwright-core (never a browser
 * Playwright downloads). One shipment walked through the UI by everyone who touches it:
 *   (a) the enterprise submits frozen beef, first with a bad HS code the API names beside its field;
 *   (b) a customs and an inspection officer complete the one joint examination (a check customs
 *       passes is recognized for inspection) and inspection releases;
 *   (d) the enterprise, whose page stays open, sees its status turn released over SSE;
 *   (c) an auditor sees the timeline, the status as of the first event, and the integrity badge.
 * Each page is written to test-output/screenshots/.
 */

jest.setTimeout(180_000);

describe('the consoles, in Chromium', () => {
  const importer = ENTERPRISES.qingdaoFood;
  let declarationId: string;
  let declarationNumber: string;
  let enterprisePage: Page;

  const browser = withChromium({ height: 768 });
  // After the browser's hooks, so that its pages (and their event streams) close before the server does.
  const world = withServer();



  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

  it('serves the sign-in page under its CSP, in Chinese first, with no token in any URL', async () => {
    const page = await browser.tab({ csp: true });
    const response = await page.goto(`${world.sw.url}/`);
    expect(page.url()).toBe(`${world.sw.url}/console/`);
    expect(response!.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByRole('heading', { name: '登录', exact: true }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await shot(page, '01-sign-in');
    await signIn(page, world.sw.url, '关员', { agency: 'customs' });
    expect(page.url()).not.toMatch(/token|eyJ/);
    expect(await page.evaluate('sessionStorage.getItem("sw.token")')).toMatch(/^eyJ/);
    await page.close();
  });

  it('(setup) a customs officer raises an alert on the importer from the alerts page (执法互助)', async () => {
    const page = await browser.tab({ csp: true });
    await signIn(page, world.sw.url, '关员', { agency: 'customs' });
    await page.getByRole('link', { name: '布控预警', exact: true }).click();
    await page.getByLabel('对象', { exact: true }).selectOption('enterprise');
    await page.getByLabel('对象值').fill(importer.uscc);
    await page.getByLabel('措施').selectOption('examine');
    await page.getByLabel('理由').fill('tip-off: mislabelled origin of frozen beef');
    await page.getByRole('button', { name: '发布预警', exact: true }).click();
    await page.getByText('预警已发布').waitFor();
    await page.getByRole('cell', { name: 'tip-off: mislabelled origin of frozen beef', exact: true }).waitFor();
    await shot(page, '02-officer-alerts');
    await page.close();
  });

  it('(a) the enterprise submits a declaration: the API’s message appears beside the bad field, then it is accepted', async () => {
    const page = (enterprisePage = await browser.tab({ csp: true }));
    await signIn(page, world.sw.url, '企业', { uscc: importer.uscc });
    await page.getByRole('navigation').getByRole('link', { name: '新申报', exact: true }).click();
    await page.getByLabel('企业名称').fill(importer.name);
    // The code fields suggest from the public reference lookups as one types, by name or code.
    await page.getByLabel('申报地海关').fill('洋山');
    await page.locator('#list-offices option[value="2248"]').waitFor({ state: 'attached' });
    await page.getByLabel('商品编号').fill('020230');
    await page.locator('#list-hs option[value="020230"]').waitFor({ state: 'attached' });
    expect(await page.locator('#list-hs option[value="020230"]').textContent()).toMatch(/bovine/i);
    // A document code suggests the licence types in force (监管证件代码, a versioned list), not those no longer issued.
    await page.getByRole('button', { name: '添加单证', exact: true }).click();
    await page.getByLabel('单证代码').fill('自动进口');
    await page.locator('#list-licenseTypes option[value="7"]').waitFor({ state: 'attached' });
    expect(await page.locator('#list-licenseTypes option[value="7"]').textContent()).toContain('自动进口许可证');
    await page.getByLabel('单证代码').fill('通关单');
    await page.locator('#list-licenseTypes option').first().waitFor({ state: 'detached' });
    await page.getByRole('group', { name: '单证 1' }).getByRole('button', { name: '删除', exact: true }).click();
    await page.getByLabel('申报地海关').fill('4200');
    await page.getByLabel('进出境关别').fill('4200');
    await page.getByLabel('运输工具').fill('HAIFENG STAR');
    await page.getByLabel('航次').fill('0251N');
    await page.getByLabel('提运单号').fill(`COSU-BEEF-${Date.now()}`);
    await page.getByLabel('商品编号').fill('020230009'); // 9 digits: wrong
    await page.getByLabel('商品名称').fill('frozen boneless beef');
    await page.getByLabel('数量').fill('24000');
    await page.getByLabel('计量单位').fill('035');
    await page.getByLabel('总价').fill('120000');
    await page.getByLabel('原产国').fill('BRA');
    await page.getByRole('button', { name: '提交申报', exact: true }).click();

    const hsCode = page.getByLabel('商品编号');
    await page.locator('.field-invalid .field-error').first().waitFor();
    expect(await hsCode.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await hsCode.getAttribute('aria-describedby'))!;
    expect(await page.locator(`#${describedBy.split(' ')[0]}`).textContent()).toMatch(/HS|hsCode|digit/i);
    await page.getByRole('alert').getByText('有字段填写不正确').waitFor();
    await shot(page, '03-enterprise-field-error');

    await hsCode.fill('0202300090');
    await page.getByRole('button', { name: '提交申报', exact: true }).click();
    // The console names a declaration by its customs number (海关编号), given on acceptance.
    await page.waitForURL(/#\/enterprise\/declarations\/\d{18}$/);
    declarationNumber = page.url().split('/').pop()!;
    expect(await page.getByTestId('customs-number').textContent()).toBe(declarationNumber);
    declarationId = (await page.getByTestId('declaration-id').textContent())!;
    await page.getByText('实时', { exact: true }).waitFor();
    await page.getByTestId('declaration-status').getByText('查验中').waitFor({ timeout: 30_000 });
    await shot(page, '04-enterprise-declaration-live');
  });

  it('(b) a customs and an inspection officer complete the joint examination; inspection releases', async () => {
    const customs = await browser.tab({ csp: true });
    await signIn(customs, world.sw.url, '关员', { agency: 'customs' });
    // The worklist refreshes itself: the case appears without a reload.
    const caseLink = customs.getByRole('link', { name: declarationNumber, exact: true });
    await caseLink.waitFor({ timeout: 30_000 });
    await shot(customs, '05-customs-worklist');
    await caseLink.click();
    await customs.getByRole('heading', { name: '联合查验', exact: true }).waitFor();
    await customs.getByText('命中的布控预警').waitFor();
    // Customs examines for the alert: a scan and the documents; it passes both.
    await customs.getByLabel('机检 (H986) — 结果').selectOption('pass');
    await customs.getByLabel('机检 (H986) — 备注').fill('H986 image clean');
    await customs.getByLabel('单证审核 — 结果').selectOption('pass');
    await customs.getByRole('button', { name: '录入查验结果', exact: true }).click();
    await customs.getByText('查验结果已录入。').waitFor();
    await shot(customs, '06-customs-case-findings');

    const inspection = await browser.tab({ csp: true });
    await signIn(inspection, world.sw.url, '关员', { agency: 'inspection' });
    await inspection.getByRole('link', { name: declarationNumber, exact: true }).click();
    await inspection.getByRole('heading', { name: '联合查验', exact: true }).waitFor();
    // 监管互认: what customs passed is recognized for inspection, not asked again.
    const inspectionChecks = inspection.getByRole('row').filter({ has: inspection.getByRole('rowheader', { name: '检验检疫', exact: true }) }).last();
    await inspectionChecks.getByText('机检 (H986): 互认 (结果来自 海关)').waitFor();
    expect(await inspection.getByLabel('机检 (H986) — 结果').count()).toBe(0);
    // Release before its own checks: refused, and said so where it happened.
    await inspection.getByRole('radio', { name: '放行', exact: true }).check();
    await inspection.getByLabel('理由').fill('trying too early');
    await inspection.getByRole('button', { name: '提交决定', exact: true }).click();
    const refused = inspection.getByRole('alert').filter({ hasText: '当前状态不允许此操作' });
    await refused.waitFor();
    await shot(inspection, '07-inspection-case-refused');

    for (const check of ['人工查验', '取样', '实验室检测']) await inspection.getByLabel(`${check} — 结果`).selectOption('pass');
    await inspection.getByRole('button', { name: '录入查验结果', exact: true }).click();
    await inspection.getByTestId('exam-status').getByText('已完成').waitFor();

    // Duties: the enterprise instructs the payment from its page; it settles nothing until the bank confirms it.
    await enterprisePage.getByRole('button', { name: '缴纳税费', exact: true }).waitFor({ timeout: 30_000 });
    const owed = await enterprisePage.getByLabel('金额').inputValue();
    await enterprisePage.getByLabel('凭证号').fill('TAX-BEEF-UI-1');
    await enterprisePage.getByRole('button', { name: '缴纳税费', exact: true }).click();
    await enterprisePage.getByText('缴款指令已提交，银行确认后方视为已缴税。').waitFor();
    await enterprisePage.getByTestId('instructions').getByText('待银行确认').waitFor();

    // The customs officer sees it as only instructed; the bank confirms it on its own page.
    await customs.reload();
    await customs.getByTestId('instructions').getByText('待银行确认').waitFor();
    const bank = await browser.tab({ csp: true });
    await signIn(bank, world.sw.url, '银行 / 保险机构', { bank: 'ICBC' });
    await bank.getByRole('heading', { name: '确认缴款与担保 · ICBC', exact: true }).waitFor();
    await bank.getByLabel('凭证号').fill('TAX-BEEF-UI-1');
    await bank.getByLabel('报关单编号').fill(declarationId);
    await bank.getByLabel('金额').fill(String(Number(owed) + 1)); // a wrong amount: refused, naming the field
    await bank.getByRole('button', { name: '发送答复', exact: true }).click();
    await bank.getByRole('alert').waitFor();
    // The refusal's code, worded by the catalogue in the console's language (Chinese).
    expect(await bank.getByRole('alert').textContent()).toContain('银行确认的金额与指令不符');
    await bank.getByLabel('金额').fill(owed);
    await bank.getByRole('button', { name: '发送答复', exact: true }).click();
    await bank.getByText('已确认：税费据此结清。').waitFor();
    await shot(bank, '07b-bank-confirmed');
    await enterprisePage.getByTestId('instructions').getByText('银行已确认').waitFor({ timeout: 15_000 });
    await bank.close();

    await inspection.getByRole('radio', { name: '放行', exact: true }).check();
    await inspection.getByLabel('理由').fill('examination passed; quarantine certificate issued');
    await inspection.getByRole('button', { name: '提交决定', exact: true }).click();
    await inspection.getByText('决定已记录').waitFor();
    await inspection.getByTestId('case-status').getByText('已放行').waitFor();
    await shot(inspection, '08-inspection-case-released');
    await customs.close();
    await inspection.close();
  });

  it('(d) the enterprise’s open page turns released by itself (server-sent events)', async () => {
    const page = enterprisePage;
    await page.getByTestId('declaration-status').getByText('已放行').waitFor({ timeout: 30_000 });
    expect(await page.getByText('实时', { exact: true }).count()).toBe(1);
    await shot(page, '09-enterprise-released-live');
    await page.getByRole('navigation').getByRole('link', { name: '我的申报', exact: true }).click();
    await page.getByRole('link', { name: declarationNumber, exact: true }).waitFor();
    await shot(page, '10-enterprise-my-declarations');
    await page.close();
  });

  it('(c) an auditor finds the shipment, reads its timeline, steps back to the first event, and sees it verified', async () => {
    const page = await browser.tab({ csp: true });
    await signIn(page, world.sw.url, '审计员');
    await page.getByLabel('报关单编号').fill(declarationId);
    await page.getByRole('button', { name: '打开', exact: true }).click();
    await page.getByTestId('integrity').getByText('完整性已验证').waitFor();
    const timeline = page.locator('table.timeline tbody tr');
    await timeline.first().waitFor();
    const types = await page.locator('table.timeline tbody tr td:nth-child(3) strong').allTextContents();
    expect(types[0]).toBe('DeclarationSubmitted');
    expect(types).toEqual(expect.arrayContaining(['FindingsRecorded', 'CheckRecognized', 'ExaminationCompleted', 'DeclarationReleased']));
    await page.getByTestId('asof-state').getByText('已放行').first().waitFor();
    await shot(page, '11-auditor-timeline-now');

    // As of the first event: submitted, not released.
    await page.getByRole('button', { name: '看当时状态 1', exact: true }).click();
    const asOf = page.getByTestId('asof-state');
    await asOf.locator('.big-status').getByText(/已申报|审核中|待运抵/).waitFor();
    expect(await asOf.locator('.big-status').textContent()).not.toContain('已放行');
    await shot(page, '12-auditor-as-of-first-event');
    // The slider moves through the events with the keyboard.
    await page.getByLabel(/截至事件/).focus();
    await page.keyboard.press('End');
    await asOf.locator('.big-status').getByText('已放行').waitFor();
    await page.close();
  });

  it('shows the oversight figures and switches to English', async () => {
    const page = await browser.tab({ csp: true });
    await signIn(page, world.sw.url, '审计员');
    await page.getByRole('link', { name: '通关时效', exact: true }).click();
    await page.getByRole('heading', { name: '整体通关时间分布', exact: true }).waitFor();
    await page.getByTestId('share24h').getByText('100 %').waitFor();
    expect(await page.locator('svg.chart rect.bar').count()).toBeGreaterThan(6);
    await shot(page, '13-oversight');
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByRole('heading', { name: 'Clearance time distribution', exact: true }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await shot(page, '14-oversight-english');
    await page.getByRole('button', { name: '中文', exact: true }).click();
    await page.close();
  });

  it('a bank lodges a general guarantee (总担保) on its page; the holder reads its balance and statement', async () => {
    const bank = await browser.tab({ csp: true });
    await signIn(bank, world.sw.url, '银行 / 保险机构', { bank: 'BOC' });
    await bank.getByRole('navigation').getByRole('link', { name: '总担保', exact: true }).click();
    const lodge = bank.getByRole('form', { name: '提交总担保' });
    await lodge.getByLabel('担保企业 (统一社会信用代码)').fill('91441900MA4W2N9P93'); // 失信企业: refused, said where
    await lodge.getByLabel('金额').fill('500000');
    await lodge.getByLabel('有效期至').fill(new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10));
    await lodge.getByLabel('凭证号').fill('BG-UI-1');
    await lodge.getByRole('button', { name: '提交总担保', exact: true }).click();
    await bank.getByRole('alert').waitFor();
    await lodge.getByLabel('担保企业 (统一社会信用代码)').fill('91310115MA1HK7Q24A');
    await lodge.getByRole('button', { name: '提交总担保', exact: true }).click();
    await bank.getByTestId('guarantee-balance').getByText(/500,000\.00 CNY \/ 500,000\.00 CNY/).waitFor();
    await shot(bank, '15-bank-guarantee');
    const id = bank.url().split('/').pop()!;
    await bank.close();

    const holder = await browser.tab({ csp: true });
    await signIn(holder, world.sw.url, '企业', { uscc: '91310115MA1HK7Q24A' });
    await holder.getByRole('navigation').getByRole('link', { name: '总担保', exact: true }).click();
    await holder.getByLabel('担保编号').fill(id);
    await holder.getByRole('button', { name: '打开', exact: true }).click();
    await holder.getByTestId('guarantee').getByText('有效', { exact: true }).waitFor();
    await holder.getByTestId('guarantee-balance').getByText(/500,000\.00 CNY/).waitFor();
    await holder.getByTestId('statement').waitFor();
    expect(await holder.getByRole('button', { name: '确认汇总缴款', exact: true }).count()).toBe(0); // only a bank confirms
    await holder.close();
  });

  it('ran every page without a script error or a CSP violation', () => {
    expect(browser.problems).toEqual([]);
  });
});
