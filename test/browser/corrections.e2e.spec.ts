import { Actors, ENTERPRISES, eventually, seaImport, withServer, SHOTS, signIn, withChromium } from '@sw/test-support';
import path from 'node:path';
import { type Page } from 'playwright-core';

/**
 * Corrections in the consoles, in Chromium, in Chinese: the declarant asks for an amendment
 * (修改申请), first with a bad value the API names beside its field; a customs officer approves it
 * from the case page; the officer asks for information (补充申报) and the declarant answers; the
 * officer returns the declaration (退单) and the declarant resubmits it corrected. Both pages show
 * the same lists. Screenshots go to test-output/screenshots/corrections-*.png.
 */
jest.setTimeout(180_000);

describe('corrections in the consoles, in Chromium', () => {
  const importer = ENTERPRISES.shanghaiTrading;

  const browser = withChromium();
  const world = withServer();

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `corrections-${name}.png`), fullPage: true });

  it('an amendment asked, refused for a bad value, sent, and approved by customs; information requested and answered; a return resubmitted', async () => {
    const actors = new Actors(world.sw);
    const submitted = await actors.enterprise(importer.uscc).post('/v1/declarations', seaImport());
    expect(submitted.status).toBe(202);
    const id: string = submitted.body.id;
    // The worklist names a declaration by its customs number (海关编号), given on acceptance.
    const number: string = await eventually(async () => {
      const { body: view } = await actors.enterprise(importer.uscc).get(`/v1/declarations/${id}`);
      expect(view.duties.assessed).toBeGreaterThan(0);
      expect(view.number).toMatch(/^\d{18}$/);
      return view.number;
    });

    // The declarant asks for an amendment of the line's value.
    const enterprise = await browser.tab();
    await signIn(enterprise, world.sw.url, '企业', { uscc: importer.uscc });
    await enterprise.goto(`${world.sw.url}/console/#/enterprise/declarations/${id}`);
    await enterprise.getByRole('heading', { name: '修改与补充 · 版本 1', exact: true }).waitFor();
    await enterprise.getByText('提出修改申请', { exact: true }).click();
    const amendForm = enterprise.getByRole('form', { name: '提出修改申请' });
    await amendForm.getByLabel('1 · 总价', { exact: true }).fill('-5');
    await amendForm.getByLabel('理由').fill('发票金额录入错误');
    await amendForm.getByRole('button', { name: '提交修改申请', exact: true }).click();
    const value = amendForm.getByLabel('1 · 总价', { exact: true });
    await amendForm.locator('.field-invalid .field-error').first().waitFor();
    expect(await value.getAttribute('aria-invalid')).toBe('true');
    await shot(enterprise, '1-amendment-field-error');
    await value.fill('60000');
    await amendForm.getByRole('button', { name: '提交修改申请', exact: true }).click();
    await enterprise.getByText('修改申请已提交，待海关审核。').waitFor();
    await enterprise.getByTestId('amendments').getByText('待审核').waitFor();

    // Customs sees it waiting on its worklist and approves it from the case page.
    const customs = await browser.tab();
    await signIn(customs, world.sw.url, '关员', { agency: 'customs' });
    const row = customs.getByRole('row').filter({ has: customs.getByRole('link', { name: number, exact: true }) });
    await row.getByTestId('pending-amendment').getByText('有待审核的修改申请').waitFor({ timeout: 30_000 });
    await row.getByRole('link', { name: number, exact: true }).click();
    const decide = customs.getByRole('form', { name: '审核修改申请' });
    await decide.waitFor();
    expect(await decide.textContent()).toContain('60000');
    await decide.getByLabel('理由').fill('已核对发票');
    await decide.getByRole('button', { name: '同意', exact: true }).click();
    await customs.getByText('修改申请已审核: 已同意').waitFor();
    await shot(customs, '2-officer-approved');
    // The declarant's page follows: approved, version 2.
    await enterprise.getByRole('heading', { name: '修改与补充 · 版本 2', exact: true }).waitFor({ timeout: 30_000 });
    await enterprise.getByTestId('amendments').getByText('已同意').waitFor();

    // 补充申报: the officer asks; the declarant answers with a note and a document.
    await customs.getByRole('radio', { name: '要求补充申报', exact: true }).check();
    await customs.getByLabel('理由').last().fill('请提供销售合同');
    await customs.getByLabel('需补充的字段').fill('items[0].value');
    await customs.getByRole('button', { name: '提交决定', exact: true }).click();
    await customs.getByText(/决定已记录/).waitFor();
    const answer = enterprise.getByRole('form', { name: '补充申报' });
    await answer.waitFor({ timeout: 30_000 });
    await answer.getByRole('button', { name: '提交补充申报', exact: true }).click();
    await answer.locator('.field-invalid .field-error').first().waitFor(); // the note is required, said beside it
    await answer.getByLabel('答复内容').fill('销售合同已附');
    await answer.getByLabel('单证代码').fill('CTR');
    await answer.getByLabel('单证编号').fill('SC-2026-001');
    await answer.getByRole('button', { name: '提交补充申报', exact: true }).click();
    await enterprise.getByTestId('requests').getByText('已答复').waitFor();
    await shot(enterprise, '3-enterprise-answered');
    await customs.reload();
    await customs.getByTestId('requests').getByText('销售合同已附', { exact: false }).waitFor();

    // 退单: the officer returns it; the declarant resubmits it corrected.
    await customs.getByRole('radio', { name: '退回修改', exact: true }).check();
    await customs.getByLabel('理由').last().fill('原产国与证书不符');
    await customs.getByRole('button', { name: '提交决定', exact: true }).click();
    await customs.getByText(/决定已记录/).waitFor();
    await enterprise.getByTestId('declaration-status').getByText('退回修改').waitFor({ timeout: 30_000 });
    await enterprise.getByTestId('returned').getByText('原产国与证书不符').waitFor();
    const resubmit = enterprise.getByRole('form', { name: '修改后重新申报' });
    await resubmit.getByLabel('1 · 总价', { exact: true }).fill('61000');
    await resubmit.getByRole('button', { name: '修改后重新申报', exact: true }).click();
    await enterprise.getByText('已重新申报，将重新分派和审核。').waitFor();
    await enterprise.getByRole('heading', { name: '修改与补充 · 版本 3', exact: true }).waitFor({ timeout: 30_000 });
    await shot(enterprise, '4-enterprise-resubmitted');
    expect(await enterprise.getByTestId('declaration-status').textContent()).not.toContain('退回修改');
    expect(browser.problems).toEqual([]);
  });

  it('re-examination (复验): the officer asks again after a completed examination; the case page shows round 2 and takes the new findings', async () => {
    const actors = new Actors(world.sw);
    const id: string = (await actors.enterprise(importer.uscc).post('/v1/declarations', seaImport())).body.id;
    const officer = actors.officer('customs');
    await eventually(async () => expect((await officer.post(`/v1/agencies/customs/cases/${id}/decisions`, { decision: 'examine', reason: 'value looks low' })).status).toBe(202));
    const checks = await eventually(async () => {
      const exam = (await officer.get(`/v1/examinations/${id}`)).body;
      expect(exam.status).toBe('scheduled');
      return exam.checks.map((c: { check: string }) => c.check) as string[];
    });
    expect((await officer.post(`/v1/examinations/${id}/findings`, { checks: checks.map((check) => ({ check, result: 'fail' })) })).status).toBe(202);
    await eventually(async () => expect((await officer.get(`/v1/examinations/${id}`)).body.status).toBe('completed'));

    const customs = await browser.tab();
    await signIn(customs, world.sw.url, '关员', { agency: 'customs' });
    await customs.goto(`${world.sw.url}/console/#/officer/cases/${id}`);
    await customs.getByTestId('exam-status').getByText('已完成').waitFor();
    await customs.getByRole('radio', { name: '转查验', exact: true }).check();
    await customs.getByLabel('理由').last().fill('收货人申请复验');
    await customs.getByRole('button', { name: '提交决定', exact: true }).click();
    await customs.getByText(/决定已记录/).waitFor();
    await customs.getByTestId('exam-round').getByText('查验轮次 2').waitFor({ timeout: 30_000 });
    await customs.getByTestId('exam-status').getByText('已安排').waitFor();
    await shot(customs, '5-officer-re-examination');
    expect(await customs.getByRole('button', { name: '录入查验结果', exact: true }).count()).toBe(1);
    expect(browser.problems).toEqual([]);
  });
});
