import { DomainError } from '@sw/event-store';
import { billRegisterDecider, type BillRegisterCommand, type BillRegisterEvent } from './bill-register';
import { arrivalMisfit, manifestDecider, type BillOfLading, type ManifestCommand, type ManifestEvent, type ManifestHeader } from './manifest';

const at = (hours: number) => new Date(Date.UTC(2026, 11, 1, 8) + hours * 3600_000);
const iso = (hours: number) => at(hours).toISOString();
const CARRIER = '91150000MA0N00000X';
const header: ManifestHeader = {
  manifestId: 'm-1', carrier: CARRIER, conveyance: '蒙K-12345', voyage: null, transportMode: '4', direction: 'import', portOfEntry: '0700', expectedAt: iso(6),
};
const bill = (number: string): BillOfLading => ({ number, packages: 10, grossWeightKg: 1200, description: 'copper concentrate', containers: [] });
const filed: ManifestEvent = { type: 'ManifestFiled', data: { ...header, billsOfLading: [bill('EL-1'), bill('EL-2')], filedBy: 'carrier', filedAt: iso(0) } };
const arrived: ManifestEvent = { type: 'ManifestArrived', data: { manifestId: 'm-1', billOfLading: 'EL-1', arrivedAt: iso(5), recordedAt: iso(5) } };

const cmd = {
  file: (bills = [bill('EL-1'), bill('EL-2')]): ManifestCommand => ({ type: 'FileManifest', header, billsOfLading: bills, filedBy: 'carrier', now: at(0) }),
  amend: (bills: BillOfLading[], carrier = CARRIER): ManifestCommand => ({ type: 'AmendManifest', carrier, billsOfLading: bills, amendedBy: 'carrier', now: at(2) }),
  arrive: (number = 'EL-1'): ManifestCommand => ({ type: 'RecordManifestArrival', billOfLading: number, arrivedAt: iso(5), now: at(5) }),
};

function given(history: ManifestEvent[]) {
  const state = history.reduce(manifestDecider.evolve, manifestDecider.initialState());
  return { when: (command: ManifestCommand) => () => manifestDecider.decide(command, state) };
}

describe('Manifest decider (舱单)', () => {
  it.each<[string, ManifestEvent[], ManifestCommand, ManifestEvent[]]>([
    ['filed before arrival', [], cmd.file(), [filed]],
    ['amended before arrival (舱单变更): what was added and removed', [filed], cmd.amend([bill('EL-2'), bill('EL-3')]), [{
      type: 'ManifestAmended',
      data: { manifestId: 'm-1', conveyance: header.conveyance, portOfEntry: '0700', billsOfLading: [bill('EL-2'), bill('EL-3')], added: ['EL-3'], removed: ['EL-1'], expectedAt: iso(6), amendedBy: 'carrier', amendedAt: iso(2) },
    }]],
    ['the arrival of one of its bills marks it arrived', [filed], cmd.arrive(), [arrived]],
    ['a second arrival changes nothing', [filed, arrived], cmd.arrive('EL-2'), []],
    ['an arrival of a bill not on it changes nothing', [filed], cmd.arrive('EL-9'), []],
  ])('%s', (_, history, command, expected) => {
    expect(given(history).when(command)()).toEqual(expected);
  });

  it.each<[string, ManifestEvent[], ManifestCommand, string]>([
    ['filing twice', [filed], cmd.file(), 'manifest-already-filed'],
    ['a bill listed twice', [], cmd.file([bill('EL-1'), bill('el-1')]), 'bill-of-lading-repeated'],
    ['amended after arrival', [filed, arrived], cmd.amend([bill('EL-1')]), 'manifest-arrived'],
    ['amended with a bill listed twice', [filed], cmd.amend([bill('EL-3'), bill('EL-3')]), 'bill-of-lading-repeated'],
  ])('refused: %s', (_, history, command, code) => {
    expect(given(history).when(command)).toThrow(expect.objectContaining({ code }) as unknown as DomainError);
  });

  it("another carrier's manifest is unknown to it (404), as is one never filed", () => {
    expect(given([filed]).when(cmd.amend([bill('EL-1')], '91440300MA5D8T3W1W'))).toThrow(expect.objectContaining({ name: 'NotFoundError' }));
    expect(given([]).when(cmd.amend([bill('EL-1')]))).toThrow(expect.objectContaining({ name: 'NotFoundError' }));
  });

  it('an arrival fits its manifest only at its port and by its conveyance (plates normalized)', () => {
    expect(arrivalMisfit(header, { portOfEntry: '0700', conveyance: '蒙k 12345' })).toBeNull();
    expect(arrivalMisfit(header, { portOfEntry: '0700', conveyance: '蒙Ｋ１２３４５' })).toBeNull();
    expect(arrivalMisfit(header, { portOfEntry: '0600', conveyance: '蒙K12345' })?.code).toBe('arrival-port-not-manifested');
    expect(arrivalMisfit(header, { portOfEntry: '0700', conveyance: '蒙K99999' })?.code).toBe('arrival-conveyance-not-manifested');
  });
});

describe('Bill of lading register: one manifest per bill', () => {
  const put = (manifestId: string): BillRegisterCommand => ({ type: 'PutOnManifest', billOfLading: 'EL-1', manifestId, conveyance: '蒙K12345', portOfEntry: '0700', now: at(0) });
  const on = (manifestId: string): BillRegisterEvent => ({ type: 'BillOfLadingManifested', data: { billOfLading: 'EL-1', manifestId, conveyance: '蒙K12345', portOfEntry: '0700', at: iso(0) } });
  const decide = (history: BillRegisterEvent[], command: BillRegisterCommand) =>
    () => billRegisterDecider.decide(command, history.reduce(billRegisterDecider.evolve, billRegisterDecider.initialState()));

  it('a free bill goes on a manifest; the same manifest again changes nothing', () => {
    expect(decide([], put('m-1'))()).toEqual([on('m-1')]);
    expect(decide([on('m-1')], put('m-1'))()).toEqual([]);
  });
  it('a bill on one manifest is refused on another, until the first takes it off', () => {
    expect(decide([on('m-1')], put('m-2'))).toThrow(expect.objectContaining({ code: 'bill-of-lading-on-another-manifest' }));
    const off: BillRegisterEvent = { type: 'BillOfLadingUnmanifested', data: { billOfLading: 'EL-1', manifestId: 'm-1', at: iso(0) } };
    expect(decide([on('m-1')], { type: 'TakeOffManifest', billOfLading: 'EL-1', manifestId: 'm-1', now: at(0) })()).toEqual([off]);
    expect(decide([on('m-1'), off], put('m-2'))()).toEqual([on('m-2')]);
  });
});
