import type { Agency, CaseDeclaration, DeclarationBody } from '@sw/shipment';
import type { OpenCrossing } from './border-post.tables';
import { react, type Action, type ProcessEvent, type ReactionInput, type Shipment } from './reactions';

/**
 * The border post in the clearance process, reaction by reaction: manifests (舱单) confirm the
 * road and rail imports they carry and are marked arrived; conveyance crossings (运输工具申报) are
 * assessed and held by alerts on their vehicle or crew (执法互助).
 */
const D = 'd-1';
const M = 'm-1';
const body: DeclarationBody = {
  mode: 'standard', direction: 'import', declarant: { uscc: '91350100M000100Y43', name: '二连贸易' },
  customsOffice: '0700', portOfEntry: '0700', transport: { mode: '4', conveyance: '蒙K-12345', billOfLading: 'EL-1' },
  tradeMode: '0110', incoterm: 'DAP', currency: 'CNY',
  items: [{ hsCode: '2603000010', description: 'copper concentrate', quantity: 30000, unit: '035', value: 500000, originCountry: 'MNG' }],
  documents: [],
};
const snapshot: CaseDeclaration = { declarationId: D, ...body };
const shipment = (over: Partial<Shipment> = {}, declaration: Partial<CaseDeclaration> = {}): Shipment =>
  ({ declarationId: D, billOfLading: 'EL-1', agencies: ['customs', 'border'] as Agency[], released: [], status: 'open', declaration: { ...snapshot, ...declaration }, ...over });
const on = (stream: string, type: string, data: unknown, correlationId = stream): ProcessEvent => ({ streamId: stream, type, data, metadata: { correlationId } });
const bill = (number: string) => ({ number, packages: 10, grossWeightKg: 30000, description: 'copper concentrate', containers: [] });
const filed = (conveyance = '蒙K12345', portOfEntry = '0700') => on(`manifest-${M}`, 'ManifestFiled', {
  manifestId: M, carrier: '91152501MA0N7K2E4H', conveyance, voyage: null, transportMode: '4', direction: 'import', portOfEntry, expectedAt: '2026-12-01T02:00:00.000Z',
  billsOfLading: [bill('EL-1'), bill('EL-2')], filedBy: 'carrier', filedAt: '2026-12-01T00:00:00.000Z',
});
const confirm = (declarationId = D): Action => ({ type: 'case', declarationId, agency: 'customs', command: { type: 'ConfirmManifest', manifestId: M } });
const crossing: OpenCrossing = { crossingId: 'c-1', conveyance: '蒙K12345', portOfEntry: '0700', crew: [{ name: 'Batbayar', document: 'E1234567' }], declarations: [D], empty: false };
const alert = (kind: string, value: string) => on('alert-a-1', 'AlertRaised', {
  subject: { kind, value }, action: 'hold', reason: 'wanted for questioning', raisedBy: { agency: 'border', officer: 'o-1' }, at: '2026-12-01T03:00:00.000Z',
});

const given = (input: ReactionInput) => ({ when: (event: ProcessEvent) => react(event, input) });

describe('Clearance process: the border post', () => {
  it.each<[string, ReactionInput, ProcessEvent, Action[]]>([
    ['an import by road waits for its manifest when none lists its bill', { manifest: { required: true, manifestId: null } },
      on(`declaration-${D}`, 'DeclarationSubmitted', { declarationId: D, declaration: body, arrivedAt: '2026-12-01T08:00:00.000Z' }, D),
      [{ type: 'open-cases', declarationId: D, declaration: { ...snapshot, arrivedAt: '2026-12-01T08:00:00.000Z' }, arrived: true, manifest: 'missing' }]],
    ['an import by road whose bill is on a manifest opens confirmed', { manifest: { required: true, manifestId: M } },
      on(`declaration-${D}`, 'DeclarationSubmitted', { declarationId: D, declaration: body, arrivedAt: '2026-12-01T08:00:00.000Z' }, D),
      [{ type: 'open-cases', declarationId: D, declaration: { ...snapshot, arrivedAt: '2026-12-01T08:00:00.000Z' }, arrived: true, manifest: 'on-manifest' }]],
    ['a manifest filed confirms the open imports on its bills, by its conveyance at its port (plates normalized)', { reached: [shipment()] }, filed(),
      [{ type: 'record-manifest-bills', manifestId: M, conveyance: '蒙K12345', portOfEntry: '0700', added: ['EL-1', 'EL-2'], removed: [] }, confirm()]],
    ['a manifest of another port confirms nothing', { reached: [shipment()] }, filed('蒙K12345', '0600'),
      [{ type: 'record-manifest-bills', manifestId: M, conveyance: '蒙K12345', portOfEntry: '0600', added: ['EL-1', 'EL-2'], removed: [] }]],
    ['a manifest of another vehicle confirms nothing', { reached: [shipment()] }, filed('蒙K99999'),
      [{ type: 'record-manifest-bills', manifestId: M, conveyance: '蒙K99999', portOfEntry: '0700', added: ['EL-1', 'EL-2'], removed: [] }]],
    ['an amendment confirms the imports on the bills it added, and records those it removed', { reached: [shipment({}, { transport: { ...body.transport, billOfLading: 'EL-3' } })] },
      on(`manifest-${M}`, 'ManifestAmended', { manifestId: M, conveyance: '蒙K12345', portOfEntry: '0700', billsOfLading: [bill('EL-2'), bill('EL-3')], added: ['EL-3'], removed: ['EL-1'], expectedAt: '', amendedBy: 'c', amendedAt: '' }),
      [{ type: 'record-manifest-bills', manifestId: M, conveyance: '蒙K12345', portOfEntry: '0700', added: ['EL-3'], removed: ['EL-1'] }, confirm()]],
    ['the arrival report marks arrived the manifest listing its bill for that vehicle and port', {
      reached: [], manifests: [{ manifestId: M, conveyance: '蒙K-12345', portOfEntry: '0700' }, { manifestId: 'm-other', conveyance: '蒙K12345', portOfEntry: '0600' }],
    }, on('arrival-EL-1', 'ArrivalReported', { billOfLading: 'EL-1', conveyance: '蒙K12345', portOfEntry: '0700', arrivedAt: '2026-12-01T05:00:00.000Z', reportedBy: 'po', reportedAt: '' }),
    [{ type: 'record-arrival', billOfLading: 'EL-1', arrivedAt: '2026-12-01T05:00:00.000Z', conveyance: '蒙K12345', portOfEntry: '0700' },
      { type: 'manifest', manifestId: M, command: { type: 'RecordManifestArrival', billOfLading: 'EL-1', arrivedAt: '2026-12-01T05:00:00.000Z' } }]],
    ['a crossing declared is recorded and assessed by border check', {},
      on('crossing-c-1', 'CrossingDeclared', { ...crossing, direction: 'import', carrier: 'x', declaredBy: 'x', declaredAt: '2026-12-01T04:00:00.000Z' }),
      [{ type: 'record-crossing', crossing: { ...crossing, declaredAt: '2026-12-01T04:00:00.000Z' } }, { type: 'crossing', crossingId: 'c-1', command: { type: 'assess' } }]],
    ['a crossing that exited is no longer open', {}, on('crossing-c-1', 'CrossingExited', { crossingId: 'c-1' }), [{ type: 'close-crossing', crossingId: 'c-1' }]],
    ['a crossing refused is no longer open', {}, on('crossing-c-1', 'CrossingRefused', { crossingId: 'c-1' }), [{ type: 'close-crossing', crossingId: 'c-1' }]],
    ['the customs case re-checks its release once the manifest is confirmed', { shipment: shipment() }, on(`customs-${D}`, 'ManifestConfirmed', { manifestId: M }, D),
      [{ type: 'case', declarationId: D, agency: 'customs', command: { type: 'ReleaseIfReady' } }]],
  ])('%s', (_, input, event, expected) => {
    expect(given(input).when(event)).toEqual(expected);
  });

  it('an alert raised on a crew member holds the open crossings carrying them (执法互助), not the others', () => {
    const other: OpenCrossing = { ...crossing, crossingId: 'c-2', crew: [{ name: 'Dorj', document: 'E7654321' }] };
    const actions = given({ reached: [], crossings: [crossing, other] }).when(alert('crew', 'e1234567'));
    expect(actions.filter((a) => a.type === 'crossing')).toEqual([{
      type: 'crossing', crossingId: 'c-1', command: { type: 'HoldCrossingForAlert', alert: { id: 'a-1', subject: { kind: 'crew', value: 'e1234567' }, action: 'hold', reason: 'wanted for questioning' } },
    }]);
  });
  it('an alert on a commodity holds no crossing', () => {
    expect(given({ reached: [], crossings: [crossing] }).when(alert('commodity', '2603')).filter((a) => a.type === 'crossing')).toEqual([]);
  });
});

describe('Clearance process: 一次查验 of a truck (one scan recognized for every declaration on board)', () => {
  const truck: OpenCrossing = { ...crossing, declarations: [D, 'd-2', 'd-3'] };
  const findings = (...rows: [string, 'pass' | 'fail', string?][]) => on(`examination-${D}`, 'FindingsRecorded', {
    agency: 'customs', officer: 'o-1', at: '2026-12-01T05:00:00.000Z',
    findings: rows.map(([check, result, lab]) => ({ check, result, by: 'customs', officer: 'o-1', at: '2026-12-01T05:00:00.000Z', ...(lab ? { source: { kind: 'third-party-lab', name: lab } } : {}) })),
  }, D);
  const recognize = (declarationId: string, check: string, by = 'customs', crossingId = 'c-1'): Action =>
    ({ type: 'recognize-on-conveyance', declarationId, check, by, crossingId, from: D } as Action);

  it.each<[string, ReactionInput, ProcessEvent, Action[]]>([
    ['a passed scan is recognized in the examination of every other declaration on the truck', { crossings: [truck] }, findings(['scan', 'pass']),
      [recognize('d-2', 'scan'), recognize('d-3', 'scan')]],
    ['the vehicle and crew checks too; the goods checks are each declaration\'s own', { crossings: [truck] }, findings(['vehicle', 'pass'], ['physical', 'pass'], ['lab', 'pass', 'CCIC']),
      [recognize('d-2', 'vehicle'), recognize('d-3', 'vehicle')]],
    ['a failed scan is not shared', { crossings: [truck] }, findings(['scan', 'fail']), []],
    ['a declaration on no crossing: nothing to share', { crossings: [] }, findings(['scan', 'pass']), []],
    ['a crossing that does not carry the declaration is not its truck', { crossings: [{ ...truck, declarations: ['d-2', 'd-3'] }] }, findings(['scan', 'pass']), []],
    ['a truck with only this declaration on it: nothing to share', { crossings: [crossing] }, findings(['scan', 'pass']), []],
  ])('%s', (_, input, event, expected) => {
    expect(given(input).when(event)).toEqual(expected);
  });
});
