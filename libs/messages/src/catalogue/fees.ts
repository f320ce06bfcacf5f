import type { Catalogue } from './types';

/** 口岸收费目录清单: the fee catalogue and the charges held to it. */
export const FEES: Catalogue = {
  'catalogue-retroactive': ['收费目录只能自今日（{today}）或以后生效，不能追溯到 {effectiveFrom}', 'A catalogue takes effect today ({today}) or later, never on {effectiveFrom}'],
  'catalogue-not-after-latest': ['新版收费目录须在现行最新版本之后生效', 'A new catalogue version takes effect after the latest one'],
  'not-in-catalogue': ['该收费项目不在当日有效的收费目录中（清单之外无收费）', 'The fee is not in the catalogue in force that day'],
  'above-catalogue': ['收费金额超过目录标准（最高 {maxAmount} {currency}）', 'The amount exceeds the catalogue ({maxAmount} {currency} at most)'],
  'no-catalogue': ['该口岸当日没有有效的收费目录', 'The port has no catalogue in force that day'],
  'examination-not-completed': ['查验完成后方可收取此项费用：查验结果决定由谁支付', 'This fee is charged once the examination is completed'],
};
