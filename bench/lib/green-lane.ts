import { randomBytes } from 'node:crypto';

/**
 * A green-lane declaration: the low-risk export of laptops by road through Huanggang (皇岗) to
 * Hong Kong of test/support/declarations.ts (roadExport), with real reference codes. With
 * RISK_RANDOM_SELECTION=off it is routed to customs and border, both release it by themselves,
 * and the declaration is released with no officer action.
 */
export const GREEN_LANE_ENTERPRISE = { uscc: '91440300MA5D8T3W1W', name: 'Shenzhen Hualan Electronics Technology Co., Ltd.' }; // AEO advanced

const PREFIX = randomBytes(3).toString('hex').toUpperCase(); // differs between processes
let counter = 0;

export function greenLaneDeclaration(): Record<string, unknown> {
  const n = (counter++).toString(36).toUpperCase();
  // 粤B + 5 letters and digits (the conveyance), HG-<unique> (the consignment note).
  const plate = `粤B${(PREFIX + n).slice(-5).padStart(5, '0')}`;
  return {
    mode: 'standard', direction: 'export', declarant: GREEN_LANE_ENTERPRISE,
    customsOffice: '5301', portOfEntry: '5301',
    transport: { mode: '4', conveyance: plate, billOfLading: `HG-${PREFIX}-${n}` },
    tradeMode: '0110', incoterm: 'FCA', currency: 'USD',
    items: [{ hsCode: '8471300000', description: 'portable computers', quantity: 200, unit: '001', value: 120000, originCountry: 'CHN' }],
    documents: [],
  };
}
