import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@sw/event-store';
import { startTestServer, type JsonRequest, type TestServer } from './server';

/** Demo enterprises from seeds/reference/enterprises.json. */
export const ENTERPRISES = {
  shenzhenElectronics: { uscc: '91440300MA5D8T3W1W', name: 'Shenzhen Hualan Electronics Technology Co., Ltd.' }, // AEO advanced
  shanghaiTrading: { uscc: '91310115MA1HK7Q24A', name: 'Shanghai Puyuan International Trading Co., Ltd.' }, // AEO advanced
  qingdaoFood: { uscc: '91370200MA3NB58R9R', name: 'Qingdao Haifeng Food Import & Export Co., Ltd.' }, // AEO general
  tianjinMachinery: { uscc: '91120116MA07Y3CDXC', name: 'Tianjin Binhai Heavy Machinery Co., Ltd.' }, // registered
};

/** Carriers (舱单传输人) of the border-post stories: fictional, with valid USCC check characters. */
export const CARRIERS = {
  erenhot: { uscc: '91152501MA0N7K2E4H', name: 'Erenhot Mengyun International Logistics Co., Ltd.' },
  qingdaoRail: { uscc: '91150000MA0R3C5T8G', name: 'Inner Mongolia Steppe Rail Freight Co., Ltd.' },
};

/** The same enterprises as a 报关单 names them (nameZh in seeds/reference/enterprises.json). */
export const ENTERPRISES_ZH = {
  shenzhenElectronics: { uscc: ENTERPRISES.shenzhenElectronics.uscc, name: '深圳市华澜电子科技有限公司' },
  shanghaiTrading: { uscc: ENTERPRISES.shanghaiTrading.uscc, name: '上海浦远国际贸易有限公司' },
  qingdaoFood: { uscc: ENTERPRISES.qingdaoFood.uscc, name: '青岛海丰食品进出口有限公司' },
  tianjinMachinery: { uscc: ENTERPRISES.tianjinMachinery.uscc, name: '天津滨海重型机械有限公司' },
};

export type Declaration = Record<string, any>;

const unique = () => randomUUID().slice(0, 8).toUpperCase();

/** A low-risk export of laptops by road through Huanggang (皇岗) to Hong Kong. */
export function roadExport(overrides: Declaration = {}): Declaration {
  const plate = `粤B${unique().slice(0, 5)}`;
  return {
    mode: 'standard', direction: 'export', declarant: ENTERPRISES.shenzhenElectronics,
    customsOffice: '5301', portOfEntry: '5301',
    transport: { mode: '4', conveyance: plate, billOfLading: `HG-${unique()}` },
    tradeMode: '0110', incoterm: 'FCA', currency: 'USD',
    items: [{ hsCode: '8471300000', description: 'portable computers', quantity: 200, unit: '001', value: 120000, originCountry: 'CHN' }],
    documents: [],
    ...overrides,
  };
}

/** A dutiable import of laptops by sea into Shanghai (duty 0 %, VAT 13 %). */
export function seaImport(overrides: Declaration = {}): Declaration {
  return {
    mode: 'standard', direction: 'import', declarant: ENTERPRISES.shanghaiTrading,
    customsOffice: '2200', portOfEntry: '2200',
    transport: { mode: '2', conveyance: 'COSCO SHIPPING ARIES', voyage: `0${unique().slice(0, 3)}E`, billOfLading: `COSU${unique()}` },
    tradeMode: '0110', incoterm: 'CIF', currency: 'USD',
    items: [{ hsCode: '8471300000', description: 'portable computers', quantity: 100, unit: '001', value: 50000, originCountry: 'USA' }],
    documents: [],
    ...overrides,
  };
}

/** What a declarant instructs and its bank then confirms (API.md "Money that customs can trust"). */
export interface Settlement { kind?: 'payment' | 'guarantee'; amount: number; currency?: string; reference: string; bank?: string }

/**
 * The declarant instructs a payment or guarantee, and its bank confirms it: the only way money
 * settles duties. Both answers must be 202; returns them.
 */
export async function settleThroughBank(actors: Actors, declarant: ReturnType<Actors['enterprise']>, declarationId: string, settlement: Settlement) {
  const { kind = 'payment', amount, currency = 'CNY', reference, bank } = settlement;
  const instructed = await declarant.post(`/v1/declarations/${declarationId}/${kind === 'payment' ? 'payments' : 'guarantee'}`, { amount, currency, reference });
  if (instructed.status !== 202) throw new Error(`instruction refused: ${instructed.status} ${JSON.stringify(instructed.body)}`);
  const confirmed = await actors.bank(bank).post('/v1/bank/confirmations', { reference, declarationId, kind, amount, currency, status: 'confirmed' });
  if (confirmed.status !== 202) throw new Error(`confirmation refused: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  return { instructed, confirmed };
}

export class Actors {
  private tokens = new Map<string, string>();
  /** `sw`: an in-process TestServer or a ServerProcess: anything that sends JSON requests to a server. */
  constructor(private readonly sw: { request: JsonRequest }) {}

  async token(claims: Record<string, string>): Promise<string> {
    const key = JSON.stringify(claims);
    if (!this.tokens.has(key)) {
      const { status, body } = await this.sw.request('POST', '/v1/dev/tokens', claims);
      if (status !== 200) throw new Error(`no dev token for ${key}: ${JSON.stringify(body)}`);
      this.tokens.set(key, body.token);
    }
    return this.tokens.get(key)!;
  }

  enterprise(uscc: string) { return this.as({ role: 'enterprise', uscc }); }
  /** A customs broker (报关企业) filing for clients under powers of attorney. */
  broker(uscc: string) { return this.as({ role: 'broker', uscc }); }
  officer(agency: 'customs' | 'inspection' | 'border') { return this.as({ role: 'officer', agency }); }
  /** Without a port: acts for every port (DEV_MODE only). */
  portOperator(port?: string) { return this.as({ role: 'port-operator', ...(port ? { port } : {}) }); }
  portAuthority() { return this.as({ role: 'port-authority' }); }
  gate(port?: string) { return this.as({ role: 'gate', ...(port ? { port } : {}) }); }
  auditor() { return this.as({ role: 'auditor' }); }
  /** A carrier (舱单传输人): files manifests and conveyance crossings. */
  carrier(uscc = CARRIERS.erenhot.uscc) { return this.as({ role: 'carrier', uscc }); }
  /** A bank or insurer: the only party whose confirmation settles money. */
  bank(code = 'ICBC') { return this.as({ role: 'bank', bank: code }); }

  /** A client that sends the role's token. */
  as(claims: Record<string, string>) {
    const request = async (method: string, route: string, body?: unknown, headers: Record<string, string> = {}) =>
      this.sw.request(method, route, body, { authorization: `Bearer ${await this.token(claims)}`, ...headers });
    return {
      request,
      get: (route: string) => request('GET', route),
      post: (route: string, body?: unknown, headers?: Record<string, string>) => request('POST', route, body ?? {}, headers),
    };
  }
}

/**
 * The usual setup of an end-to-end file: a server on a database of its own (random selection
 * off, so lanes come from the seeded rules), its actors, and a client of its event store.
 * Its hooks run before the file's own, in declaration order.
 */
export function withServer(env: Record<string, string> = { RISK_RANDOM_SELECTION: 'off' }) {
  const world = {} as { sw: TestServer; actors: Actors; store: PostgresEventStore };
  beforeAll(async () => {
    world.sw = await startTestServer(env);
    world.actors = new Actors(world.sw);
    world.store = new PostgresEventStore({ connectionString: world.sw.database.url });
  });
  afterAll(async () => {
    await world.store?.close();
    await world.sw?.close();
  });
  return world;
}
