import { manifestRequired } from '@sw/manifest';
import type { CaseDeclaration, DeclarationBody } from '@sw/shipment';
import { react, type ProcessEvent } from './reactions';

/**
 * A declaration without 提运单号 (its transport mode has no carrier's document: 物流中心 W, 保税区 7 …):
 * no manifest is asked for and no arrival report is matched to it; one that crosses by road or rail
 * still carries its bill (the request is refused without one) and still waits for its manifest.
 */
const D = 'd-1';
const body = (transport: DeclarationBody['transport'], direction: DeclarationBody['direction'] = 'import'): DeclarationBody => ({
  mode: 'standard', direction, declarant: { uscc: '914403007542554132', name: '深圳倍通物流科技有限公司' },
  customsOffice: '5317', portOfEntry: '5317', transport, tradeMode: '0615', incoterm: 'FOB', currency: 'USD',
  items: [{ hsCode: '8504500000', description: '电感器', quantity: 100, unit: '007', value: 10, originCountry: 'CHN' }],
  documents: [],
});
const crossesLandBorder = (mode: string) => mode === '3' || mode === '4';
const submitted = (declaration: DeclarationBody, arrivedAt: string | null): ProcessEvent =>
  ({ streamId: `declaration-${D}`, type: 'DeclarationSubmitted', data: { declarationId: D, declaration, arrivedAt }, metadata: { correlationId: D } });

describe('提运单号 left out: manifests and arrivals', () => {
  it.each<[string, DeclarationBody['transport'], boolean]>([
    ['an import by road with its bill waits for its manifest', { mode: '4', conveyance: '粤Z1234港', billOfLading: 'HG-1' }, true],
    ['an import by rail with its bill waits for its manifest', { mode: '3', conveyance: 'X8001', billOfLading: 'RW-1' }, true],
    ['an import into a logistics centre (W) without a bill waits for none', { mode: 'W', conveyance: '粤B6R81J' }, false],
    ['an import from a bonded zone (7) without a bill waits for none', { mode: '7', conveyance: '粤B6R81J' }, false],
    ['an import by sea waits for none (manifests are for road and rail here)', { mode: '2', conveyance: 'COSCO STAR', billOfLading: 'COSU1' }, false],
  ])('%s', (_name, transport, required) => {
    expect(manifestRequired(body(transport), crossesLandBorder)).toBe(required);
  });

  it('a declaration without a bill opens its cases arrived, and no reported arrival is recorded on it', () => {
    const declaration = { ...body({ mode: 'W', conveyance: '粤B6R81J' }, 'export'), mode: 'advance' as const };
    const arrival = { arrivedAt: '2026-11-01T06:00:00.000Z', conveyance: '粤B6R81J', portOfEntry: '5317' };
    const snapshot: CaseDeclaration = { declarationId: D, ...declaration, arrivedAt: arrival.arrivedAt };
    // Even were an arrival handed in (the runner looks none up without a bill), no RecordArrival names an absent bill.
    expect(react(submitted(declaration, null), { arrival })).toEqual([{ type: 'open-cases', declarationId: D, declaration: snapshot, arrived: true }]);
    expect(react(submitted(declaration, '2026-11-01T08:00:00.000Z'), {})).toEqual([
      { type: 'open-cases', declarationId: D, declaration: { ...snapshot, arrivedAt: '2026-11-01T08:00:00.000Z' }, arrived: true },
    ]);
  });
});
