import { AGENCIES } from '@sw/shipment';
import { loadRiskRules } from './risk-seeds';

describe('the shipped risk rules', () => {
  it.each(AGENCIES)('give every %s rule a Chinese description, which officers read', (agency) => {
    const { items } = loadRiskRules(agency);
    expect(items.length).toBeGreaterThan(0);
    expect(items.filter((rule) => !rule.descriptionZh || !/[\u4e00-\u9fff]/.test(rule.descriptionZh)).map((rule) => rule.id)).toEqual([]);
  });
});
