import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { referenceCatalog, type ReferenceCatalog } from './catalog/reference-catalog';
import { defaultReferenceDirectory, type ExchangeRate } from './reference-data';

/**
 * seeds/reference/exchange-rates.json: 海关月度汇率, CNY per one unit of each currency. Customs
 * converts at the rate of the month the goods are declared in (关税条例: the rates of the day
 * customs accepts the declaration), and each month's rate is the PBOC central parity of the
 * previous month's third Wednesday (《海关进出口货物征税管理办法》 第十六条); the table is a
 * versioned list (`swctl reference import exchange-rates rates.csv --effective-from 2027-02-01`).
 */
export interface ExchangeRateFile {
  source: string;
  month: string;
  items: ExchangeRate[];
}

export class ExchangeRates {
  private readonly rates: Map<string, number>;
  constructor(private readonly label: string, items: readonly ExchangeRate[], private readonly origin = '') {
    this.rates = new Map(items.map((item) => [item.currency.toUpperCase(), item.cnyPerUnit]));
    this.rates.set('CNY', 1);
  }

  /** The month (YYYY-MM) whose table this is. */
  get month(): string {
    return this.label;
  }

  get source(): string {
    return this.origin;
  }

  /** CNY per one unit of the currency; undefined when the month's table has no rate for it. */
  cnyPerUnit(currency: string): number | undefined {
    return this.rates.get(String(currency).toUpperCase());
  }

  currencies(): string[] {
    return [...this.rates.keys()];
  }

  /** The table in force on a day (YYYY-MM-DD, China time; today when none is given): one month's table is its own. */
  on(_date?: string): ExchangeRates {
    return this;
  }
}

/**
 * The monthly tables as versions of the exchange-rates list: `on(date)` is the table in force
 * that day; the other methods answer for today (the engine clock's day).
 */
class VersionedExchangeRates extends ExchangeRates {
  private readonly tables = new WeakMap<readonly unknown[], ExchangeRates>();
  constructor(private readonly catalog: () => ReferenceCatalog, private readonly shippedMonth: () => string) {
    super('', []);
  }

  override get month(): string {
    return this.on().month;
  }

  override get source(): string {
    return this.on().source;
  }

  override cnyPerUnit(currency: string): number | undefined {
    return this.on().cnyPerUnit(currency);
  }

  override currencies(): string[] {
    return this.on().currencies();
  }

  override on(date?: string): ExchangeRates {
    const catalog = this.catalog();
    const day = date ?? catalog.currentDate();
    const version = catalog.inForce('exchangeRates', day);
    const entries = catalog.entriesOn('exchangeRates', day);
    let table = this.tables.get(entries);
    if (!table) {
      // The shipped table is the seed's month; an imported one is the month it takes effect in.
      const month = version?.kind === 'imported' ? version.effectiveFrom.slice(0, 7) : this.shippedMonth();
      table = new ExchangeRates(month, entries as ExchangeRate[], version?.source ?? catalog.shipped.sources.exchangeRates);
      this.tables.set(entries, table);
    }
    return table;
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

let versioned: ExchangeRates | undefined;

/**
 * The customs exchange rates as versioned in a reference catalog (default: the process's, as
 * installed by the server): `.on(day)` is the month's table in force that day.
 */
export function versionedExchangeRates(catalog?: ReferenceCatalog): ExchangeRates {
  if (catalog) return new VersionedExchangeRates(() => catalog, () => exchangeRates().month);
  versioned ??= new VersionedExchangeRates(referenceCatalog, () => exchangeRates().month);
  return versioned;
}

function readExchangeRateFile(file: string): ExchangeRateFile {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ExchangeRateFile;
  } catch (err) {
    throw new Error(`seed ${file} cannot be read: ${(err as Error).message}`);
  }
}
