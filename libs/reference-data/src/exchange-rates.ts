import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { defaultReferenceDirectory } from './reference-data';

/** seeds/reference/exchange-rates.json: 海关月度汇率, CNY per one unit of each currency. */
export interface ExchangeRateFile {
  source: string;
  month: string;
  items: { currency: string; cnyPerUnit: number }[];
}

export class ExchangeRates {
  private readonly rates: Map<string, number>;
  constructor(readonly month: string, items: { currency: string; cnyPerUnit: number }[], readonly source = '') {
    this.rates = new Map(items.map((item) => [item.currency.toUpperCase(), item.cnyPerUnit]));
    this.rates.set('CNY', 1);
  }

  /** CNY per one unit of the currency; undefined when the month's table has no rate for it. */
  cnyPerUnit(currency: string): number | undefined {
    return this.rates.get(String(currency).toUpperCase());
  }

  currencies(): string[] {
    return [...this.rates.keys()];
  }
}

export const EXCHANGE_RATES_FILE = 'exchange-rates.json';

export function loadExchangeRates(directory: string = defaultReferenceDirectory()): ExchangeRates {
  const where = path.join(directory, EXCHANGE_RATES_FILE);
  const file = readExchangeRateFile(where);
  if (typeof file?.source !== 'string' || typeof file.month !== 'string' || !Array.isArray(file.items)
    || !file.items.every((item) => typeof item.currency === 'string' && typeof item.cnyPerUnit === 'number' && item.cnyPerUnit > 0)) {
    throw new Error(`reference seed ${where} is not { "source", "month", "items": [{ "currency", "cnyPerUnit" > 0 }] }`);
  }
  return new ExchangeRates(file.month, file.items, file.source);
}

let sharedRates: ExchangeRates | undefined;

/** The exchange rates of the default reference directory, read on first use and then shared. */
export function exchangeRates(): ExchangeRates {
  sharedRates ??= loadExchangeRates();
  return sharedRates;
}

function readExchangeRateFile(file: string): ExchangeRateFile {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ExchangeRateFile;
  } catch (err) {
    throw new Error(`seed ${file} cannot be read: ${(err as Error).message}`);
  }
}
