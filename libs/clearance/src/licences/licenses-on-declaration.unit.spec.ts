import { DeciderRepository, WrongExpectedRevisionError, type EventStore, type ExpectedRevision, type NewEvent, type RecordedEvent } from '@sw/event-store';
import { declarationDecider, type DeclarationCommand, type DeclarationEvent, type DeclarationState } from '@sw/declaration';
import { licenseDecider, type LicenseTerms } from '@sw/licensing';
import { evolveStatusView } from '@sw/read-models';
import { reverseLicenseWriteOffs, writeOffLicensesForRelease, type ContextFor } from './write-off-on-release';
import { licenseStream, type DeclarationBody, type LicenseCheck, type LicenseProblem } from '@sw/shipment';

/** Just enough of an event store for the decider repository: streams with optimistic concurrency. */
class StreamsInMemory implements Pick<EventStore, 'readStream' | 'append'> {
  readonly streams = new Map<string, RecordedEvent[]>();
  async readStream(streamId: string): Promise<RecordedEvent[]> {
    await new Promise((resolve) => setImmediate(resolve)); // let concurrent handlers interleave
    return [...(this.streams.get(streamId) ?? [])];
  }
  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision) {
    const stream = this.streams.get(streamId) ?? [];
    const actual = stream.length - 1;
    if ((expected === 'no-stream' && actual >= 0) || (typeof expected === 'number' && expected !== actual)) {
      throw new WrongExpectedRevisionError(streamId, expected, actual < 0 ? 'no-stream' : actual);
    }
    for (const event of events) {
      stream.push({ streamId, revision: stream.length, position: '0', id: event.id!, type: event.type, data: event.data, metadata: { ...event.metadata, hash: '', schemaVersion: 1, occurredAt: event.metadata.occurredAt! }, recordedAt: '' });
    }
    this.streams.set(streamId, stream);
    return { nextRevision: stream.length - 1, position: '0' };
  }
}

const HUALAN = '91440300MA5D8T3W1W';
const NOW = new Date('2026-06-01T02:00:00.000Z');
const terms = (number: string, quantity: number): LicenseTerms => ({
  number, type: '4', holder: HUALAN, commodities: ['284920'], quantity, unit: '035', validFrom: '2026-01-01', validUntil: '2026-12-31', authority: 'MOFCOM',
});
const body = (items: { hsCode: string; quantity: number }[], documents: DeclarationBody['documents']): DeclarationBody => ({
  mode: 'standard', direction: 'export', declarant: { uscc: HUALAN, name: 'Hualan' }, customsOffice: '5301', portOfEntry: '5301',
  transport: { mode: '4', conveyance: '粤B12345', billOfLading: 'HG-1' }, tradeMode: '0110', incoterm: 'FCA', currency: 'USD',
  items: items.map((i) => ({ ...i, description: 'silicon carbide', unit: '035', value: 1000, originCountry: 'CHN' })), documents,
});
const check = (number: string, quantity: number, items = [0]): LicenseCheck => ({ license: { code: '4', number }, items, quantity, unit: '035', balance: 0 });

function declared(id: string, declaration: DeclarationBody, checks: LicenseCheck[] | null): DeclarationState {
  const events: DeclarationEvent[] = [{ type: 'DeclarationSubmitted', data: { declarationId: id, declaration, submittedAt: NOW.toISOString(), requestHash: 'h', arrivedAt: NOW.toISOString() } }];
  if (checks) events.push({ type: 'LicensesVerified', data: { checks, declarationDate: '2026-06-01', verifiedAt: NOW.toISOString() } });
  return events.reduce(declarationDecider.evolve, declarationDecider.initialState());
}

describe('核销 at release', () => {
  let store: StreamsInMemory;
  let repository: DeciderRepository;
  const contextFor = (cause: string): ContextFor => (target) => ({ correlationId: cause, actor: { kind: 'system', id: 'test' }, now: NOW, idempotencySeed: `${cause}:${target}` });
  const issue = (number: string, quantity: number) => repository.handle(licenseStream(number), licenseDecider, { type: 'IssueLicense', terms: terms(number, quantity), now: NOW }, contextFor('issue')(number));
  const license = async (number: string) => (await repository.load(licenseStream(number), licenseDecider)).state;

  beforeEach(() => {
    store = new StreamsInMemory();
    repository = new DeciderRepository(store as unknown as EventStore);
  });

  it('goods that need no licence are released at once; goods that need one wait for the verification', async () => {
    expect(await writeOffLicensesForRelease(repository, 'd-1', declared('d-1', body([{ hsCode: '8471300000', quantity: 1 }], []), null), contextFor('c'))).toEqual({ outcome: 'not-required' });
    expect(await writeOffLicensesForRelease(repository, 'd-1', declared('d-1', body([{ hsCode: '2849200000', quantity: 1 }], []), null), contextFor('c'))).toEqual({ outcome: 'awaiting-verification' });
  });

  it('writes the declared quantity off, once however often the release is handled', async () => {
    await issue('XK-1', 1000);
    const state = declared('d-1', body([{ hsCode: '2849200000', quantity: 400 }], [{ code: '4', number: 'XK-1' }]), [check('XK-1', 400)]);
    expect(await writeOffLicensesForRelease(repository, 'd-1', state, contextFor('released-1'))).toEqual({ outcome: 'written-off' });
    expect(await writeOffLicensesForRelease(repository, 'd-1', state, contextFor('released-1'))).toEqual({ outcome: 'written-off' });
    expect(await writeOffLicensesForRelease(repository, 'd-1', state, contextFor('verified-1'))).toEqual({ outcome: 'written-off' });
    expect(await license('XK-1')).toMatchObject({ balance: 600, writeOffs: [{ declarationId: 'd-1', quantity: 400 }] });
  });

  it('two declarations racing for the last balance: exactly one gets it, the other is refused with insufficient balance', async () => {
    await issue('XK-1', 500);
    const first = declared('d-1', body([{ hsCode: '2849200000', quantity: 500 }], [{ code: '4', number: 'XK-1' }]), [check('XK-1', 500)]);
    const second = declared('d-2', body([{ hsCode: '2849200000', quantity: 500 }], [{ code: '4', number: 'XK-1' }]), [check('XK-1', 500)]);
    const outcomes = await Promise.all([writeOffLicensesForRelease(repository, 'd-1', first, contextFor('c-1')), writeOffLicensesForRelease(repository, 'd-2', second, contextFor('c-2'))]);
    expect(outcomes.filter((o) => o.outcome === 'written-off')).toHaveLength(1);
    const refused = outcomes.find((o) => o.outcome === 'refused');
    expect(refused).toMatchObject({ outcome: 'refused', reason: expect.stringMatching(/insufficient balance: 0 left, 500 declared/), problems: [{ item: 0, reason: 'insufficient-balance' }] });
    expect(await license('XK-1')).toMatchObject({ balance: 0 });
    expect((await license('XK-1')).writeOffs).toHaveLength(1);
  });

  it('when one licence of a declaration refuses, the others give back what they wrote off', async () => {
    await issue('XK-1', 1000);
    await issue('XK-2', 100);
    const state = declared('d-1', body([{ hsCode: '2849200000', quantity: 300 }, { hsCode: '2849200000', quantity: 200 }], [{ code: '4', number: 'XK-1' }, { code: '4', number: 'XK-2' }]),
      [check('XK-1', 300, [0]), check('XK-2', 200, [1])]);
    const outcome = await writeOffLicensesForRelease(repository, 'd-1', state, contextFor('c-1'));
    expect(outcome).toMatchObject({ outcome: 'refused', problems: [{ item: 1, license: { code: '4', number: 'XK-2' }, reason: 'insufficient-balance' }] });
    expect(await license('XK-1')).toMatchObject({ balance: 1000, writeOffs: [{ declarationId: 'd-1', quantity: 300, reversed: expect.objectContaining({ reason: expect.stringMatching(/XK-2/) }) }] });
    expect(await license('XK-2')).toMatchObject({ balance: 100, writeOffs: [] });
  });

  it('a held declaration is not written off', async () => {
    await issue('XK-1', 1000);
    const failed: DeclarationEvent = { type: 'LicenseVerificationFailed', data: { problems: [], checks: [], declarationDate: '2026-06-01', verifiedAt: NOW.toISOString() } };
    const state = declarationDecider.evolve(declared('d-1', body([{ hsCode: '2849200000', quantity: 1 }], []), null), failed);
    expect(await writeOffLicensesForRelease(repository, 'd-1', state, contextFor('c'))).toEqual({ outcome: 'held' });
  });

  it('a withdrawal gives back what the release wrote off (nothing where nothing was)', async () => {
    await issue('XK-1', 1000);
    await reverseLicenseWriteOffs(repository, 'd-1', [check('XK-1', 400)], 'declaration withdrawn before its release', contextFor('w'));
    expect(await license('XK-1')).toMatchObject({ balance: 1000, writeOffs: [] });
    const state = declared('d-1', body([{ hsCode: '2849200000', quantity: 400 }], [{ code: '4', number: 'XK-1' }]), [check('XK-1', 400)]);
    await writeOffLicensesForRelease(repository, 'd-1', state, contextFor('c'));
    await reverseLicenseWriteOffs(repository, 'd-1', [check('XK-1', 400)], 'declaration withdrawn before its release', contextFor('w'));
    await reverseLicenseWriteOffs(repository, 'd-1', [check('XK-1', 400)], 'declaration withdrawn before its release', contextFor('w2'));
    expect(await license('XK-1')).toMatchObject({ balance: 1000, writeOffs: [{ declarationId: 'd-1', reversed: expect.anything() }] });
  });
});

describe('licences on the declaration', () => {
  const id = 'd-1';
  const submitted = declared(id, body([{ hsCode: '2849200000', quantity: 400 }], [{ code: '4', number: 'XK-1' }]), null);
  const verify = (problems: LicenseProblem[]): DeclarationCommand =>
    ({ type: 'VerifyLicenses', checks: problems.length ? [] : [check('XK-1', 400)], problems, declarationDate: '2026-06-01', now: NOW });
  const problem = { item: 0, hsCode: '2849200000', type: '4', license: { code: '4', number: 'XK-1' }, reason: 'license-expired', message: 'item 1 (HS 2849200000): licence 4 XK-1 expired on 2026-05-31; withdraw the declaration' };

  it('records the verification once, as LicensesVerified or LicenseVerificationFailed', () => {
    const [verified] = declarationDecider.decide(verify([]), submitted);
    expect(verified).toEqual({ type: 'LicensesVerified', data: { checks: [check('XK-1', 400)], declarationDate: '2026-06-01', verifiedAt: NOW.toISOString() } });
    expect(declarationDecider.decide(verify([]), declarationDecider.evolve(submitted, verified))).toEqual([]);
    const [failed] = declarationDecider.decide(verify([problem]), submitted);
    expect(failed).toMatchObject({ type: 'LicenseVerificationFailed', data: { problems: [problem] } });
  });

  it('records nothing once the declaration is withdrawn', () => {
    const withdrawn = declarationDecider.evolve(submitted, { type: 'DeclarationWithdrawn', data: { reason: 'x', withdrawnAt: NOW.toISOString() } });
    expect(declarationDecider.decide(verify([]), withdrawn)).toEqual([]);
  });

  it('the status view: verified, then written off on release; a failure holds the declaration with its reason', () => {
    let revision = 0;
    const recorded = (type: string, data: unknown): RecordedEvent => ({ streamId: `declaration-${id}`, revision: revision++, position: String(revision), id: `e${revision}`, type, data, metadata: { correlationId: id, actor: { kind: 'system', id: 't' }, occurredAt: NOW.toISOString(), schemaVersion: 1, hash: '' }, recordedAt: '' });
    const start = evolveStatusView(null, recorded('DeclarationSubmitted', { declarationId: id, declaration: submitted.declaration, submittedAt: NOW.toISOString(), requestHash: 'h', arrivedAt: NOW.toISOString() }))!;
    expect(start.licenses).toEqual({ status: 'not-required', checks: [], problems: [] });

    const verified = evolveStatusView(start, recorded('LicensesVerified', { checks: [check('XK-1', 400)], declarationDate: '2026-06-01', verifiedAt: NOW.toISOString() }))!;
    expect(verified.licenses).toMatchObject({ status: 'verified', checks: [check('XK-1', 400)] });
    const released = evolveStatusView(verified, recorded('DeclarationReleased', { agencies: ['customs'], releasedAt: NOW.toISOString() }))!;
    expect([released.status, released.licenses.status]).toEqual(['released', 'written-off']);

    const failed = evolveStatusView(start, recorded('LicenseVerificationFailed', { problems: [problem], checks: [], declarationDate: '2026-06-01', verifiedAt: NOW.toISOString() }))!;
    expect(failed.status).toBe('held');
    expect(failed.licenses).toMatchObject({ status: 'failed', problems: [problem], reason: expect.stringContaining('expired on 2026-05-31') });
    const withdrawn = evolveStatusView(failed, recorded('DeclarationWithdrawn', { reason: 'no licence', withdrawnAt: NOW.toISOString() }))!;
    expect(withdrawn.status).toBe('withdrawn');

    // The licence's own write-off event carries the shipment's correlation (for the audit trail) but is not part of the view.
    const licenceEvent = { ...recorded('QuantityWrittenOff', { declarationId: id, quantity: 400, balanceAfter: 600, writtenOffAt: NOW.toISOString() }), streamId: 'license-XK-1' };
    expect(evolveStatusView(verified, licenceEvent)).toBe(verified);

    const writeOffFailed = evolveStatusView(verified, recorded('LicenseWriteOffFailed', { reason: 'Licence 4 XK-1 could not be written off: insufficient balance', problems: [], failedAt: NOW.toISOString() }))!;
    expect(writeOffFailed.status).toBe('held');
    expect(writeOffFailed.licenses).toMatchObject({ status: 'write-off-failed', reason: expect.stringContaining('insufficient balance'), checks: [check('XK-1', 400)] });
  });
});
