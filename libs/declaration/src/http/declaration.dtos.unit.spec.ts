import { flattenValidationErrors, type FieldError } from '@sw/platform';
import { referenceData, usccCheckCharacter, validateUscc } from '@sw/reference-data';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CompleteDeclarationRequest, WithdrawRequest } from '../act-on-declaration/act-on-declaration.dto';
import { ArrivalRequest } from '../report-arrival/arrival.dto';
import { SubmitDeclarationRequest } from '../submit-declaration/submit-declaration.dto';
import { DeclarationItem, DeclarationSummary, ListDeclarationsQuery, SummaryDeclarationItem, Transport } from './declaration.dtos';

// Validates exactly as the server's global ValidationPipe does: plain → class, then
// whitelist + forbidNonWhitelisted, errors flattened to `{ field: 'items[0].hsCode', message }`.
async function check<T extends object>(cls: new () => T, body: unknown): Promise<{ instance: T; errors: FieldError[] }> {
  const instance = plainToInstance(cls, body) as T;
  const errors = flattenValidationErrors(await validate(instance, { whitelist: true, forbidNonWhitelisted: true }));
  return { instance, errors };
}

const fieldsOf = (errors: FieldError[]) => [...new Set(errors.map((e) => e.field))].sort();
const messageOf = (errors: FieldError[], field: string) => errors.filter((e) => e.field === field).map((e) => e.message).join(' | ');

// Codes used below, all of seeds/reference (asserted in the first test).
const QINGDAO_HAIFENG = '91370200MA3NB58R9R'; // Qingdao Haifeng Food Import & Export (demo enterprise)
const PINGXIANG_YOUYI = '91451481MA5L2P7H8U'; // Pingxiang Youyi Fruit & Vegetable Trading
const XIAMEN_LUDAO = '91350206MA8U3K5B13'; // Xiamen Ludao Minerals

/** Standard import of frozen beef from Australia by sea, at Qingdao (port: Qianwan bonded port area). */
function standardImport(): any {
  return {
    mode: 'standard',
    direction: 'import',
    declarant: { uscc: QINGDAO_HAIFENG, name: '青岛海丰食品进出口有限公司' },
    customsOffice: '4200',
    portOfEntry: '4258',
    transport: { mode: '2', conveyance: 'MAERSK EMDEN', voyage: '2418N', billOfLading: 'MAEU2418N0001' },
    tradeMode: '0110',
    incoterm: 'CIF',
    currency: 'USD',
    items: [
      { hsCode: '0202300090', description: 'Frozen boneless beef, chuck roll', quantity: 24000, unit: '035', value: 156000, originCountry: 'AUS' },
      { hsCode: '0202300090', description: 'Frozen boneless beef, striploin', quantity: 12000.5, unit: '035', value: 120005.25, originCountry: 'AUS' },
      { hsCode: '0206290000', description: 'Frozen bovine offal (tripe)', quantity: 3000, unit: '035', value: 9000, originCountry: 'AUS' },
      { hsCode: '0202200000', description: 'Frozen bovine cuts, bone in', quantity: 5000, unit: '035', value: 27500.5, originCountry: 'NZL' },
    ],
    documents: [
      { code: 'A', number: '420100225000123000' },
      { code: 'P', number: 'AQIS-2026-000451' },
    ],
  };
}

/** Advance export of fresh apples and pears to Viet Nam by road, through Pingxiang (友谊关). */
function advanceExport(): any {
  return {
    mode: 'advance',
    direction: 'export',
    declarant: { uscc: PINGXIANG_YOUYI, name: 'Pingxiang Youyi Fruit & Vegetable Trading Co., Ltd.' },
    customsOffice: '7208',
    portOfEntry: '7208',
    transport: { mode: '4', conveyance: '桂F12345', billOfLading: 'PX-2026-000187' },
    tradeMode: '0110',
    incoterm: 'FCA',
    currency: 'CNY',
    items: [
      { hsCode: '0808100000', description: '鲜苹果 (fresh apples, Fuji)', quantity: 18000, unit: '035', value: 126000, originCountry: 'CHN' },
      { hsCode: '0808301000', description: '鲜梨 (fresh pears)', quantity: 6000, unit: '035', value: 39000, originCountry: 'CHN' },
    ],
  };
}

/** Two-step import of iron ore at Xiamen: the summary declaration, items without value. */
function twoStepImport(): any {
  return {
    mode: 'two-step',
    direction: 'import',
    declarant: { uscc: XIAMEN_LUDAO, name: '厦门鹭岛矿业有限公司' },
    customsOffice: '3700',
    portOfEntry: '3700',
    transport: { mode: '2', conveyance: 'CAPE BRAVE', voyage: '026S', billOfLading: 'XMNORE026S01' },
    tradeMode: '0110',
    incoterm: 'CFR',
    currency: 'USD',
    items: [
      { hsCode: '2601111000', description: 'Iron ore fines, non-agglomerated, Fe 62%', quantity: 170000, unit: '070', originCountry: 'AUS' },
      { hsCode: '2601111000', description: 'Iron ore lump, non-agglomerated, Fe 64%', quantity: 20000.125, unit: '070', originCountry: 'AUS' },
    ],
    summary: { licenseRequired: false, inspectionRequired: true, dutiable: true },
  };
}

const NUL = String.fromCharCode(0);
const INFINITY_FROM_JSON = JSON.parse('{"n": 1e999}').n as number;
const many = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

describe('request DTOs of the declaration context', () => {
  it('uses codes that exist in seeds/reference', () => {
    const ref = referenceData();
    for (const uscc of [QINGDAO_HAIFENG, PINGXIANG_YOUYI, XIAMEN_LUDAO]) {
      expect(validateUscc(uscc)).toEqual({ valid: true });
      expect(ref.enterprise(uscc)).toBeDefined();
    }
    for (const body of [standardImport(), advanceExport(), twoStepImport()]) {
      for (const office of [body.customsOffice, body.portOfEntry]) expect(ref.customsOffice(office)).toBeDefined();
      expect(ref.transportMode(body.transport.mode)?.declarable).toBe(true);
      expect(ref.tradeMode(body.tradeMode)).toBeDefined();
      expect(ref.incoterm(body.incoterm)).toBeDefined();
      expect(ref.currency(body.currency)).toBeDefined();
      for (const item of body.items) {
        expect(ref.isValidHsCode(item.hsCode)).toBe(true);
        expect(ref.unit(item.unit)).toBeDefined();
        expect(ref.country(item.originCountry)).toBeDefined();
      }
    }
    // The bad codes of the table really are absent.
    expect(ref.hsSubheading('020199')).toBeUndefined();
    expect(ref.customsOffice('9999')).toBeUndefined();
    expect(ref.tradeMode('0111')).toBeUndefined();
    expect(ref.unit('024')).toBeUndefined();
    expect(ref.currency('XYZ')).toBeUndefined();
    expect(ref.country('XKX')).toBeUndefined();
    expect(ref.incoterm('FOBB')).toBeUndefined();
    expect(ref.transportMode('A')?.declarable).toBe(false);
    expect(ref.currency('XAU')?.minorUnits).toBeNull();
  });

  describe('SubmitDeclarationRequest: valid declarations', () => {
    it('a standard import of frozen beef from AUS by sea', async () => {
      const { instance, errors } = await check(SubmitDeclarationRequest, standardImport());
      expect(errors).toEqual([]);
      expect(instance).toBeInstanceOf(SubmitDeclarationRequest);
      expect(instance.transport).toBeInstanceOf(Transport);
      expect(instance.items.every((item) => item.constructor === DeclarationItem)).toBe(true);
      expect(instance.items[1]!.value).toBe(120005.25);
    });

    it('an advance export by road (CJK plate, no voyage, no documents)', async () => {
      const { errors } = await check(SubmitDeclarationRequest, advanceExport());
      expect(errors).toEqual([]);
    });

    it('a two-step import with its summary, items without value', async () => {
      const { instance, errors } = await check(SubmitDeclarationRequest, twoStepImport());
      expect(errors).toEqual([]);
      expect(instance.items.every((item) => item instanceof SummaryDeclarationItem)).toBe(true);
      expect(instance.summary).toBeInstanceOf(DeclarationSummary);
    });

    it('a two-step declaration may also carry values', async () => {
      const body = twoStepImport();
      body.items[0].value = 18_700_000;
      expect((await check(SubmitDeclarationRequest, body)).errors).toEqual([]);
    });

    it('an FOB import with its freight (insurance optional), settled consolidated (汇总征税)', async () => {
      const body = { ...standardImport(), incoterm: 'FOB', freight: { amount: 1200, currency: 'USD' }, settlement: 'consolidated' };
      expect((await check(SubmitDeclarationRequest, body)).errors).toEqual([]);
      expect((await check(SubmitDeclarationRequest, { ...body, insurance: { amount: 35.5, currency: 'CNY' } })).errors).toEqual([]);
    });

    it('trims free text, keeps codes as sent, accepts 50 items, 20 documents, the legacy DAT and limits exactly', async () => {
      const body = standardImport();
      body.declarant.name = '  青岛海丰食品进出口有限公司 ';
      body.transport.conveyance = ' MAERSK EMDEN\n';
      body.incoterm = 'DAT';
      body.items = many(50, (i) => ({ ...standardImport().items[0], description: `Frozen beef lot ${i}`, value: i === 0 ? 1e12 : 0.01, quantity: i === 0 ? 1e9 : 0.00001 }));
      body.documents = many(20, (i) => ({ code: 'A', number: `CERT-${i}` }));
      const { instance, errors } = await check(SubmitDeclarationRequest, body);
      expect(errors).toEqual([]);
      expect(instance.declarant.name).toBe('青岛海丰食品进出口有限公司');
      expect(instance.transport.conveyance).toBe('MAERSK EMDEN');
    });
  });

  describe('SubmitDeclarationRequest: every bad declaration is a 400 on the right field', () => {
    type Mutation = (body: any) => void;
    const cases: Array<[name: string, make: () => any, mutate: Mutation, fields: string[]]> = [
      // declarant
      ['USCC with a wrong check character', standardImport, (b) => { b.declarant.uscc = `${QINGDAO_HAIFENG.slice(0, 17)}${QINGDAO_HAIFENG[17] === 'A' ? 'B' : 'A'}`; }, ['declarant.uscc']],
      ['lowercase USCC', standardImport, (b) => { b.declarant.uscc = QINGDAO_HAIFENG.toLowerCase(); }, ['declarant.uscc']],
      ['USCC of 17 characters', standardImport, (b) => { b.declarant.uscc = QINGDAO_HAIFENG.slice(0, 17); }, ['declarant.uscc']],
      ['USCC as a number', standardImport, (b) => { b.declarant.uscc = 913702001234567890; }, ['declarant.uscc']],
      ['empty declarant name', standardImport, (b) => { b.declarant.name = ''; }, ['declarant.name']],
      ['declarant name of white space only', standardImport, (b) => { b.declarant.name = '   '; }, ['declarant.name']],
      ['declarant name of 201 characters', standardImport, (b) => { b.declarant.name = '海'.repeat(201); }, ['declarant.name']],
      ['NUL in the declarant name', standardImport, (b) => { b.declarant.name = `Qingdao${NUL}Haifeng`; }, ['declarant.name']],
      ['no declarant', standardImport, (b) => { delete b.declarant; }, ['declarant']],
      ['declarant null', standardImport, (b) => { b.declarant = null; }, ['declarant']],
      ['declarant as an empty list', standardImport, (b) => { b.declarant = []; }, ['declarant']],
      ['unknown field in declarant', standardImport, (b) => { b.declarant.rating = 'aeo-advanced'; }, ['declarant.rating']],
      // header
      ['unknown mode', standardImport, (b) => { b.mode = 'express'; }, ['mode']],
      ['no mode', standardImport, (b) => { delete b.mode; }, ['mode']],
      ['unknown direction', standardImport, (b) => { b.direction = 'transit'; }, ['direction']],
      ['unknown customs office', standardImport, (b) => { b.customsOffice = '9999'; }, ['customsOffice']],
      ['customs office as a number', standardImport, (b) => { b.customsOffice = 4200; }, ['customsOffice']],
      ['port of entry of 2 digits', standardImport, (b) => { b.portOfEntry = '42'; }, ['portOfEntry']],
      ['port of entry with a leading space (codes are not trimmed)', standardImport, (b) => { b.portOfEntry = ' 4258'; }, ['portOfEntry']],
      ['unknown trade mode', standardImport, (b) => { b.tradeMode = '0111'; }, ['tradeMode']],
      ['unknown incoterm', standardImport, (b) => { b.incoterm = 'FOBB'; }, ['incoterm']],
      ['lowercase incoterm', standardImport, (b) => { b.incoterm = 'cif'; }, ['incoterm']],
      // Customs value: FOB, FCA, FAS and EXW imports add their freight (insurance: declared, or 3‰).
      ['an FOB import without freight', standardImport, (b) => { b.incoterm = 'FOB'; }, ['freight']],
      ['an EXW import without freight', standardImport, (b) => { b.incoterm = 'EXW'; b.insurance = { amount: 10, currency: 'USD' }; }, ['freight']],
      ['freight as a string amount', standardImport, (b) => { b.freight = { amount: '100', currency: 'USD' }; }, ['freight.amount']],
      ['insurance in an unknown currency', standardImport, (b) => { b.insurance = { amount: 100, currency: 'RMB' }; }, ['insurance.currency']],
      ['freight that is not an object', standardImport, (b) => { b.freight = 100; }, ['freight']],
      // 汇总征税 and 两步申报 are for imports.
      ['a settlement other than consolidated', standardImport, (b) => { b.settlement = 'monthly'; }, ['settlement']],
      ['a consolidated export', advanceExport, (b) => { b.settlement = 'consolidated'; }, ['settlement']],
      ['a two-step export', advanceExport, (b) => { b.mode = 'two-step'; b.summary = { licenseRequired: false, inspectionRequired: true, dutiable: false }; }, ['mode']],
      ['unknown currency', standardImport, (b) => { b.currency = 'XYZ'; }, ['currency']],
      ['lowercase currency', standardImport, (b) => { b.currency = 'usd'; }, ['currency']],
      ['gold as a currency', standardImport, (b) => { b.currency = 'XAU'; }, ['currency']],
      ['unknown top-level field', standardImport, (b) => { b.foo = 1; }, ['foo']],
      // transport
      ['unknown transport mode', standardImport, (b) => { b.transport.mode = 'Q'; }, ['transport.mode']],
      ['the statistical transport mode A', standardImport, (b) => { b.transport.mode = 'A'; }, ['transport.mode']],
      ['transport mode as a number', standardImport, (b) => { b.transport.mode = 2; }, ['transport.mode']],
      ['conveyance with an underscore', standardImport, (b) => { b.transport.conveyance = 'MAERSK_EMDEN'; }, ['transport.conveyance']],
      ['conveyance of 41 characters', standardImport, (b) => { b.transport.conveyance = 'M'.repeat(41); }, ['transport.conveyance']],
      ['voyage of 21 characters', standardImport, (b) => { b.transport.voyage = '1'.repeat(21); }, ['transport.voyage']],
      ['voyage null', standardImport, (b) => { b.transport.voyage = null; }, ['transport.voyage']],
      ['lowercase bill of lading', standardImport, (b) => { b.transport.billOfLading = 'maeu2418n0001'; }, ['transport.billOfLading']],
      ['no bill of lading', standardImport, (b) => { delete b.transport.billOfLading; }, ['transport.billOfLading']],
      ['no transport', standardImport, (b) => { delete b.transport; }, ['transport']],
      ['transport as a string', standardImport, (b) => { b.transport = 'sea'; }, ['transport']],
      ['unknown field in transport', standardImport, (b) => { b.transport.driver = 'Li'; }, ['transport.driver']],
      // items
      ['HS code of 9 digits', standardImport, (b) => { b.items[0].hsCode = '020230009'; }, ['items[0].hsCode']],
      ['HS code of a subheading that does not exist', standardImport, (b) => { b.items[0].hsCode = '0201990000'; }, ['items[0].hsCode']],
      ['HS code as a number', standardImport, (b) => { b.items[1].hsCode = 202300090; }, ['items[1].hsCode']],
      ['HS code with letters', standardImport, (b) => { b.items[0].hsCode = '02023000AB'; }, ['items[0].hsCode']],
      ['unknown unit', standardImport, (b) => { b.items[1].unit = '024'; }, ['items[1].unit']],
      ['alpha-2 origin country', standardImport, (b) => { b.items[3].originCountry = 'AU'; }, ['items[3].originCountry']],
      ['origin country not in ISO 3166-1', standardImport, (b) => { b.items[2].originCountry = 'XKX'; }, ['items[2].originCountry']],
      ['lowercase origin country', standardImport, (b) => { b.items[0].originCountry = 'aus'; }, ['items[0].originCountry']],
      ['quantity as a string', standardImport, (b) => { b.items[0].quantity = '24000'; }, ['items[0].quantity']],
      ['quantity Infinity (1e999 in the JSON)', standardImport, (b) => { b.items[0].quantity = INFINITY_FROM_JSON; }, ['items[0].quantity']],
      ['quantity NaN', standardImport, (b) => { b.items[0].quantity = Number.NaN; }, ['items[0].quantity']],
      ['negative quantity', standardImport, (b) => { b.items[0].quantity = -5; }, ['items[0].quantity']],
      ['quantity above 1e9', standardImport, (b) => { b.items[0].quantity = 1e9 + 1; }, ['items[0].quantity']],
      ['quantity with 6 decimals', standardImport, (b) => { b.items[0].quantity = 1.000001; }, ['items[0].quantity']],
      ['zero value', standardImport, (b) => { b.items[0].value = 0; }, ['items[0].value']],
      ['value as a string', standardImport, (b) => { b.items[2].value = '9000.00'; }, ['items[2].value']],
      ['value Infinity (1e999 in the JSON)', standardImport, (b) => { b.items[1].value = INFINITY_FROM_JSON; }, ['items[1].value']],
      ['value above 1e12', standardImport, (b) => { b.items[0].value = 1e12 + 1; }, ['items[0].value']],
      ['value with 3 decimals', standardImport, (b) => { b.items[0].value = 156000.125; }, ['items[0].value']],
      ['value null', standardImport, (b) => { b.items[0].value = null; }, ['items[0].value']],
      ['NUL in a description', standardImport, (b) => { b.items[0].description = `Frozen beef${NUL}`; }, ['items[0].description']],
      ['a bell character in a description', standardImport, (b) => { b.items[1].description = 'Frozen\u0007beef'; }, ['items[1].description']],
      ['an unpaired surrogate in a description', standardImport, (b) => { b.items[0].description = JSON.parse('"beef \\ud800"'); }, ['items[0].description']],
      ['a right-to-left override in a description', standardImport, (b) => { b.items[0].description = 'beef \u202Efeeb'; }, ['items[0].description']],
      ['description of 501 characters', standardImport, (b) => { b.items[0].description = 'b'.repeat(501); }, ['items[0].description']],
      ['empty description', standardImport, (b) => { b.items[2].description = ''; }, ['items[2].description']],
      ['unknown field in an item', standardImport, (b) => { b.items[0].colour = 'red'; }, ['items[0].colour']],
      ['51 items', standardImport, (b) => { b.items = many(51, () => standardImport().items[0]); }, ['items']],
      ['0 items', standardImport, (b) => { b.items = []; }, ['items']],
      ['no items', standardImport, (b) => { delete b.items; }, ['items']],
      ['items as a string', standardImport, (b) => { b.items = 'beef'; }, ['items']],
      ['items as an object', standardImport, (b) => { b.items = standardImport().items[0]; }, ['items']],
      ['an item that is null', standardImport, (b) => { b.items[1] = null; }, ['items[1]']],
      ['an item that is an empty list', standardImport, (b) => { b.items[0] = []; }, ['items[0]']],
      ['an item that is a number', standardImport, (b) => { b.items[2] = 7; }, ['items[2]']],
      // documents
      ['21 documents', standardImport, (b) => { b.documents = many(21, (i) => ({ code: 'A', number: `CERT-${i}` })); }, ['documents']],
      ['document code of 11 characters', standardImport, (b) => { b.documents[0].code = 'ABCDEFGHIJK'; }, ['documents[0].code']],
      ['empty document number', standardImport, (b) => { b.documents[1].number = ' '; }, ['documents[1].number']],
      ['the same document twice', standardImport, (b) => { b.documents.push({ ...b.documents[0] }); }, ['documents']],
      ['documents null', standardImport, (b) => { b.documents = null; }, ['documents']],
      ['unknown field in a document', standardImport, (b) => { b.documents[0].issuedBy = 'GACC'; }, ['documents[0].issuedBy']],
      // mode rules
      ['two-step without summary', twoStepImport, (b) => { delete b.summary; }, ['summary']],
      ['standard with summary', standardImport, (b) => { b.summary = { licenseRequired: false, inspectionRequired: true, dutiable: true }; }, ['summary']],
      ['advance with summary', advanceExport, (b) => { b.summary = { licenseRequired: false, inspectionRequired: false, dutiable: false }; }, ['summary']],
      ['standard item without value', standardImport, (b) => { delete b.items[2].value; }, ['items[2].value']],
      ['advance item without value', advanceExport, (b) => { delete b.items[1].value; }, ['items[1].value']],
      ['two-step summary flag as a string', twoStepImport, (b) => { b.summary.dutiable = 'yes'; }, ['summary.dutiable']],
      ['two-step summary missing a flag', twoStepImport, (b) => { delete b.summary.licenseRequired; }, ['summary.licenseRequired']],
      ['two-step summary as an empty list', twoStepImport, (b) => { b.summary = []; }, ['summary']],
      ['unknown field in the summary', twoStepImport, (b) => { b.summary.urgent = true; }, ['summary.urgent']],
      ['two-step item with a negative value', twoStepImport, (b) => { b.items[0].value = -1; }, ['items[0].value']],
    ];

    it('has at least 35 kinds of bad declaration', () => {
      expect(cases.length).toBeGreaterThanOrEqual(35);
    });

    it.each(cases)('%s', async (_name, make, mutate, fields) => {
      const body = structuredClone(make());
      mutate(body);
      const { errors } = await check(SubmitDeclarationRequest, body);
      expect(fieldsOf(errors)).toEqual([...fields].sort());
      for (const error of errors) expect(error.message).toMatch(/\w/);
    });

    it('says what is wrong, in words', async () => {
      const body = standardImport();
      body.items[0].hsCode = '0201990000';
      body.items[1].hsCode = '020230009';
      body.currency = 'XYZ';
      body.declarant.uscc = `${QINGDAO_HAIFENG.slice(0, 17)}${QINGDAO_HAIFENG[17] === 'A' ? 'B' : 'A'}`;
      body.items[3].originCountry = 'AU';
      body.items[0].description = `beef${NUL}`;
      body.items[2].quantity = INFINITY_FROM_JSON;
      body.items[1].unit = '024';
      delete body.items[2].value;
      body.transport.mode = 'A';
      const { errors } = await check(SubmitDeclarationRequest, body);
      expect(messageOf(errors, 'items[0].hsCode')).toBe('hsCode must be 10 digits whose first 6 are an HS 2022 subheading (020199 is not)');
      expect(messageOf(errors, 'items[1].hsCode')).toBe('hsCode must be 10 digits whose first 6 are an HS 2022 subheading (020230009 is not)');
      expect(messageOf(errors, 'currency')).toBe('currency must be an ISO 4217 code (XYZ is not)');
      expect(messageOf(errors, 'declarant.uscc')).toBe(
        `uscc must be an 18-character unified social credit code (GB 32100): check character should be "${usccCheckCharacter(QINGDAO_HAIFENG.slice(0, 17))}" (${body.declarant.uscc} is not)`,
      );
      expect(messageOf(errors, 'items[3].originCountry')).toBe('originCountry must be an ISO 3166-1 alpha-3 code (AU is alpha-2; Australia is AUS)');
      expect(messageOf(errors, 'items[0].description')).toBe('description must not contain a control character (U+0000 at character 5)');
      expect(messageOf(errors, 'items[2].quantity')).toBe('quantity must be a finite number (Infinity is not)');
      expect(messageOf(errors, 'items[1].unit')).toMatch(/^unit must be a 3-digit customs unit code .* \(024 is not\)$/);
      expect(messageOf(errors, 'items[2].value')).toMatch(/^value is missing: every item needs its value/);
      expect(messageOf(errors, 'transport.mode')).toBe('mode A (All modes of transport (statistical aggregate)) cannot be declared: it is a statistical aggregate');
      // Every offending field is listed, nothing else.
      expect(fieldsOf(errors)).toEqual([
        'currency', 'declarant.uscc', 'items[0].description', 'items[0].hsCode', 'items[1].hsCode', 'items[1].unit',
        'items[2].quantity', 'items[2].value', 'items[3].originCountry', 'transport.mode',
      ]);
    });

    it('reports the mode rules in words', async () => {
      const twoStep = twoStepImport();
      delete twoStep.summary;
      expect(messageOf((await check(SubmitDeclarationRequest, twoStep)).errors, 'summary')).toMatch(/^summary is missing: a two-step declaration must carry/);
      const standard = standardImport();
      standard.summary = { licenseRequired: false, inspectionRequired: false, dutiable: true };
      expect(messageOf((await check(SubmitDeclarationRequest, standard)).errors, 'summary')).toBe(
        'summary is only for two-step declarations: a standard declaration must not carry one',
      );
      const lowercase = standardImport();
      lowercase.currency = 'usd';
      expect(messageOf((await check(SubmitDeclarationRequest, lowercase)).errors, 'currency')).toBe('currency must be an ISO 4217 code (usd is not: codes are written in capitals)');
      const strings = standardImport();
      strings.items[0].quantity = '24000';
      expect(messageOf((await check(SubmitDeclarationRequest, strings)).errors, 'items[0].quantity')).toBe('quantity must be a number, not a string ("24000" was given)');
    });

    it('names a wrong shape, of a field or of a list entry', async () => {
      const body = standardImport();
      body.declarant = [];
      body.transport = 'sea';
      body.items[1] = null;
      body.items[2] = [];
      body.items[3] = 7;
      body.documents = { code: 'A', number: '1' };
      const { errors } = await check(SubmitDeclarationRequest, body);
      expect(messageOf(errors, 'declarant')).toBe('declarant must be an object { uscc, name } (a list is not)');
      expect(messageOf(errors, 'transport')).toBe('transport must be an object { mode, conveyance, voyage?, billOfLading } (sea is not)');
      expect(messageOf(errors, 'items[1]')).toBe('each entry of items must be an object { hsCode, description, quantity, unit, value, originCountry } (null is not)');
      expect(messageOf(errors, 'items[2]')).toMatch(/^each entry of items must be an object .* \(a list is not\)$/);
      expect(messageOf(errors, 'items[3]')).toMatch(/^each entry of items must be an object .* \(the number 7 is not\)$/);
      expect(messageOf(errors, 'documents')).toBe('documents must be a list of up to 20 documents (an object is not)');
      expect(fieldsOf(errors)).toEqual(['declarant', 'documents', 'items[1]', 'items[2]', 'items[3]', 'transport']);
    });

    it('keeps the answer small for a huge list: the length is reported, the entries beyond the limit are not validated', async () => {
      const body = standardImport();
      body.items = many(100_000, () => 0);
      const { errors } = await check(SubmitDeclarationRequest, body);
      expect(messageOf(errors, 'items')).toBe('items must have at most 50 entries (100000 given)');
      expect(errors.length).toBeLessThanOrEqual(52);
    });

    it('refuses an empty or non-object body', async () => {
      expect(fieldsOf((await check(SubmitDeclarationRequest, {})).errors)).toEqual([
        'currency', 'customsOffice', 'declarant', 'direction', 'incoterm', 'items', 'mode', 'portOfEntry', 'tradeMode', 'transport',
      ]);
    });
  });

  describe('CompleteDeclarationRequest', () => {
    const complete = () => ({
      items: twoStepImport().items.map((item: any, i: number) => ({ ...item, value: i === 0 ? 18_700_000 : 2_480_000.5 })),
      documents: [{ code: 'A', number: '370100226000045000' }],
    });

    it('accepts the full declaration body again: the summary\'s header with the items\' values', async () => {
      const { items: _items, ...header } = twoStepImport();
      expect((await check(CompleteDeclarationRequest, { ...header, ...complete() })).errors).toEqual([]);
    });

    it('accepts the items with their values, documents optional', async () => {
      expect((await check(CompleteDeclarationRequest, complete())).errors).toEqual([]);
      const { documents: _documents, ...withoutDocuments } = complete();
      expect((await check(CompleteDeclarationRequest, withoutDocuments)).errors).toEqual([]);
    });

    it.each<[string, (body: any) => void, string[]]>([
      ['an item without value', (b) => { delete b.items[1].value; }, ['items[1].value']],
      ['no items', (b) => { b.items = []; }, ['items']],
      ['51 items', (b) => { b.items = many(51, () => b.items[0]); }, ['items']],
      ['a bad HS code', (b) => { b.items[0].hsCode = '2601990000'; }, ['items[0].hsCode']],
      // The full body (API.md Corrections): header fields may come again, each checked like the submission's (the decider compares them with the summary's).
      ['an unknown currency in the header', (b) => { b.currency = 'XYZ'; }, ['currency']],
      ['a summary that is not { licenseRequired, inspectionRequired, dutiable }', (b) => { b.summary = { licenseRequired: 'yes' }; }, ['summary.dutiable', 'summary.inspectionRequired', 'summary.licenseRequired']],
      ['a bad declarant', (b) => { b.declarant = { uscc: '123', name: 'x' }; }, ['declarant.uscc']],
      ['an unknown field', (b) => { b.force = true; }, ['force']],
      ['21 documents', (b) => { b.documents = many(21, (i) => ({ code: 'A', number: `N${i}` })); }, ['documents']],
    ])('refuses %s', async (_name, mutate, fields) => {
      const body = complete();
      mutate(body);
      expect(fieldsOf((await check(CompleteDeclarationRequest, body)).errors)).toEqual(fields);
    });
  });

  describe('WithdrawRequest', () => {
    it('accepts a reason of 1 to 500 characters, trimmed', async () => {
      expect((await check(WithdrawRequest, { reason: 'Shipment cancelled by the buyer' })).errors).toEqual([]);
      expect((await check(WithdrawRequest, { reason: '撤'.repeat(500) })).errors).toEqual([]);
      expect((await check(WithdrawRequest, { reason: '  duplicate filing  ' })).instance.reason).toBe('duplicate filing');
    });

    it.each<[string, unknown, string[]]>([
      ['no reason', {}, ['reason']],
      ['an empty reason', { reason: '' }, ['reason']],
      ['a reason of white space', { reason: ' \n ' }, ['reason']],
      ['a reason of 501 characters', { reason: 'r'.repeat(501) }, ['reason']],
      ['a NUL in the reason', { reason: `cancelled${NUL}` }, ['reason']],
      ['a reason as a number', { reason: 42 }, ['reason']],
      ['an unknown field', { reason: 'cancelled', force: true }, ['force']],
    ])('refuses %s', async (_name, body, fields) => {
      expect(fieldsOf((await check(WithdrawRequest, body)).errors)).toEqual(fields);
    });
  });

  describe('ArrivalRequest', () => {
    const good = () => ({ billOfLading: 'MAEU2418N0001', conveyance: 'MAERSK EMDEN', portOfEntry: '4258', arrivedAt: '2026-03-01T08:30:00+08:00' });

    it('accepts an arrival with or without arrivedAt', async () => {
      expect((await check(ArrivalRequest, good())).errors).toEqual([]);
      const { arrivedAt: _arrivedAt, ...withoutTime } = good();
      expect((await check(ArrivalRequest, withoutTime)).errors).toEqual([]);
      expect((await check(ArrivalRequest, { ...good(), arrivedAt: '2026-03-01T00:30:00.123Z' })).errors).toEqual([]);
      expect((await check(ArrivalRequest, { ...good(), arrivedAt: '2028-02-29T23:59:59-05:00' })).errors).toEqual([]);
      expect((await check(ArrivalRequest, { ...good(), conveyance: '桂F12345' })).errors).toEqual([]);
    });

    it.each<[string, (body: any) => void, string[]]>([
      ['a lowercase bill of lading', (b) => { b.billOfLading = 'maeu1'; }, ['billOfLading']],
      ['a bill of lading of 41 characters', (b) => { b.billOfLading = 'B'.repeat(41); }, ['billOfLading']],
      ['a conveyance with two spaces', (b) => { b.conveyance = 'MAERSK  EMDEN'; }, ['conveyance']],
      ['a NUL in the conveyance', (b) => { b.conveyance = `MAERSK${NUL}`; }, ['conveyance']],
      ['an unknown port of entry', (b) => { b.portOfEntry = '0000'; }, ['portOfEntry']],
      ['no port of entry', (b) => { delete b.portOfEntry; }, ['portOfEntry']],
      ['arrivedAt without an offset', (b) => { b.arrivedAt = '2026-03-01T08:30:00'; }, ['arrivedAt']],
      ['arrivedAt as a date only', (b) => { b.arrivedAt = '2026-03-01'; }, ['arrivedAt']],
      ['arrivedAt on a day that does not exist', (b) => { b.arrivedAt = '2026-02-30T08:30:00Z'; }, ['arrivedAt']],
      ['arrivedAt at hour 24', (b) => { b.arrivedAt = '2026-03-01T24:00:00Z'; }, ['arrivedAt']],
      ['arrivedAt as epoch milliseconds', (b) => { b.arrivedAt = 1772353800000; }, ['arrivedAt']],
      ['arrivedAt null', (b) => { b.arrivedAt = null; }, ['arrivedAt']],
      ['an unknown field', (b) => { b.berth = 'Q7'; }, ['berth']],
    ])('refuses %s', async (_name, mutate, fields) => {
      const body = good();
      mutate(body);
      expect(fieldsOf((await check(ArrivalRequest, body)).errors)).toEqual(fields);
    });
  });

  describe('ListDeclarationsQuery (query strings arrive as strings)', () => {
    it('defaults to page 1 of 20', async () => {
      const { instance, errors } = await check(ListDeclarationsQuery, {});
      expect(errors).toEqual([]);
      expect(instance).toMatchObject({ page: 1, pageSize: 20 });
      expect(instance.status).toBeUndefined();
    });

    it('converts the numbers and accepts every status of the status view', async () => {
      for (const status of ['submitted', 'under-review', 'awaiting-arrival', 'examination', 'held', 'released', 'exited', 'rejected', 'withdrawn']) {
        const { instance, errors } = await check(ListDeclarationsQuery, { status, page: '3', pageSize: '200' });
        expect(errors).toEqual([]);
        expect(instance).toMatchObject({ status, page: 3, pageSize: 200 });
      }
      const { instance } = await check(ListDeclarationsQuery, { status: '', page: '', pageSize: '' });
      expect(instance).toMatchObject({ page: 1, pageSize: 20 });
      expect(instance.status).toBeUndefined();
    });

    it.each<[string, Record<string, unknown>, string[]]>([
      ['an unknown status', { status: 'cleared' }, ['status']],
      ['two statuses', { status: ['held', 'released'] }, ['status']],
      ['page 0', { page: '0' }, ['page']],
      ['a negative page', { page: '-1' }, ['page']],
      ['a page that is not a number', { page: 'abc' }, ['page']],
      ['a page beyond 1000000', { page: '1000001' }, ['page']],
      ['an absurdly large page', { page: '99999999999999999999' }, ['page']],
      ['a fractional page size', { pageSize: '1.5' }, ['pageSize']],
      ['page size 0', { pageSize: '0' }, ['pageSize']],
      ['page size 201', { pageSize: '201' }, ['pageSize']],
      ['an unknown parameter', { sort: 'asc' }, ['sort']],
    ])('refuses %s', async (_name, query, fields) => {
      expect(fieldsOf((await check(ListDeclarationsQuery, query)).errors)).toEqual(fields);
    });
  });
});
