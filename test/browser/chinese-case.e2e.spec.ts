import { ENTERPRISES_ZH, eventually, seaImport, withServer, SHOTS, signIn, withChromium } from '@sw/test-support';
import path from 'node:path';
import { type Page } from 'playwright-core';

/**
 * A system that speaks Chinese (issue 23): the officer's case page, in the console's Chinese mode,
 * shows no English sentence. What the server states — the risk reasons, the release blockers, a
 * refused release, the other agency's decisions — arrives as codes and params and is worded by
 * the message catalogue; the enterprise and the goods are named in Chinese, as a 报关单 names them.
 * Switching to English shows the English words of the same codes.
 */

jest.setTimeout(180_000);

/** Three or more Latin words in a row (an English sentence or phrase); codes, ids and single words are not. */
const ENGLISH_PHRASE = /\b[A-Za-z][a-z’']+(?:[ ,;:]+[A-Za-z][a-z’']+){2,}\b/;

describe('the officer’s case page in Chinese', () => {
  let declarationId: string;
  let declarationNumber: string;

  const browser = withChromium();
  const world = withServer();


  /** Every text the page shows a person (visible text nodes, and the values of its fields), each one trimmed. */
  const shownTexts = (page: Page): Promise<string[]> => page.evaluate(`(() => {
    const texts = [];
    const walker = document.createTreeWalker(document.querySelector('main') ?? document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!element || !element.checkVisibility() || ['SCRIPT', 'STYLE'].includes(element.tagName)) continue;
      const text = (node.textContent ?? '').trim();
      if (text) texts.push(text);
    }
    return texts;
  })()`);

  it('(setup) an advance import of undervalued laptops and prepackaged biscuits, named in Chinese; inspection holds it with a reason in Chinese', async () => {
    const { actors } = world;
    const laptops = { hsCode: '8471300000', description: '便携式计算机（14 英寸）', quantity: 100, unit: '001', value: 10000, originCountry: 'USA' };
    const biscuits = { hsCode: '1905310000', description: '甜饼干（预包装）', quantity: 2000, unit: '035', value: 8000, originCountry: 'DNK' };
    const body = seaImport({
      mode: 'advance', tradeMode: '0615', declarant: ENTERPRISES_ZH.shanghaiTrading, items: [laptops, biscuits],
      transport: { mode: '2', conveyance: '中远海运白羊座', voyage: '061E', billOfLading: `COSU${Date.now()}` },
    });
    const submitted = await actors.enterprise(ENTERPRISES_ZH.shanghaiTrading.uscc).post('/v1/declarations', body);
    expect(submitted.status).toBe(202);
    declarationId = submitted.body.id;
    const inspection = actors.officer('inspection');
    await eventually(async () => expect((await inspection.get(`/v1/agencies/inspection/cases/${declarationId}`)).body.lane).toBe('documents'));
    const decided = await inspection.post(`/v1/agencies/inspection/cases/${declarationId}/decisions`, { decision: 'hold', reason: '标签须补充中文说明' });
    expect(decided.status).toBe(202);
    await eventually(async () => {
      const { body: found } = await actors.officer('customs').get(`/v1/agencies/customs/cases/${declarationId}`);
      expect(found.lane).toBe('documents');
      expect(found.otherAgencies.inspection.decisions).toHaveLength(1);
    });
    // The worklist names a declaration by its customs number (海关编号), given on acceptance.
    declarationNumber = await eventually(async () => {
      const { body: view } = await actors.enterprise(ENTERPRISES_ZH.shanghaiTrading.uscc).get(`/v1/declarations/${declarationId}`);
      expect(view.number).toMatch(/^\d{18}$/);
      return view.number as string;
    });
  });

  it('shows the case without an English sentence: reasons, blockers, the refused release and the other agency’s facts in Chinese', async () => {
    const page = await browser.tab();
    await signIn(page, world.sw.url, '关员', { agency: 'customs' });
    await page.getByRole('link', { name: declarationNumber, exact: true }).click();
    await page.getByTestId('case-status').waitFor();

    // The risk reason and the blocker, worded by the catalogue.
    await page.getByText('便携式电脑申报单价低于 1,000 元：价格审查（涉嫌低报价格）（第 1 项商品）').waitFor();
    await page.locator('ul.blockers').getByText('货物尚未运抵（提前申报）：放行须待运抵报告').waitFor();
    // The other agency's reason and decision.
    await page.getByText(/预包装食品及饮料：标签及单证审核/).waitFor();
    await page.getByText(/扣留: 标签须补充中文说明/).waitFor();
    await page.getByText('上海浦远国际贸易有限公司').waitFor();

    // A release the case refuses: the refusal in Chinese, from its code.
    await page.getByRole('radio', { name: '放行', exact: true }).check();
    await page.getByLabel('理由').fill('单证齐全，价格经审查属实');
    await page.getByRole('button', { name: '提交决定', exact: true }).click();
    await page.getByRole('alert').getByText('暂不能放行海关案件：货物尚未运抵（提前申报）：放行须待运抵报告').waitFor();
    await page.screenshot({ path: path.join(SHOTS, '20-officer-case-chinese.png'), fullPage: true });

    const english = (await shownTexts(page)).filter((text) => ENGLISH_PHRASE.test(text));
    expect(english).toEqual([]);

    // The same codes in English, when the officer switches.
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.locator('ul.blockers').getByText(/the goods have not arrived \(advance declaration\)/).waitFor();
    await page.getByText(/Portable computers declared under CNY 1,000 a unit/).waitFor();
    await page.screenshot({ path: path.join(SHOTS, '21-officer-case-english.png'), fullPage: true });
    await page.getByRole('button', { name: '中文', exact: true }).click();
    await page.close();
  });

  it('the detector finds English where there is some (it can fail)', () => {
    expect(ENGLISH_PHRASE.test('green lane: every release condition holds')).toBe(true);
    expect(ENGLISH_PHRASE.test('Cannot release the customs case yet')).toBe(true);
    expect(ENGLISH_PHRASE.test('Random selection at 3% for a registered enterprise')).toBe(true);
    expect(ENGLISH_PHRASE.test('cu-undervaluation-laptops 91310115MA1HK7Q24A USD CIF 8471300000 dev:inspection-officer')).toBe(false);
  });

  it('ran without a script error', () => {
    expect(browser.problems).toEqual([]);
  });
});
