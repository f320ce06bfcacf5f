import type { RecordedEvent } from '@sw/event-store';
import { evolveWorklistRow, type WorklistRow } from '../agency-worklist/agency-worklist.projection';
import { evolveStatusView, type StatusView } from './status-view';

/** The corrections in the views: version, amendments, requests, a return, a case revised; and in the worklist. */
const ID = '00000000-0000-4000-8000-000000000002';
let position = 0;
function event(stream: string, type: string, data: Record<string, unknown>, at = '2026-11-01T00:00:00.000Z'): RecordedEvent {
  position++;
  return { streamId: `${stream}-${ID}`, revision: position, position: `1/${position}`, id: `e${position}`, type, data, recordedAt: at,
    metadata: { correlationId: ID, actor: { kind: 'system', id: 't' }, occurredAt: at, schemaVersion: 1, hash: '' } };
}
const body = (value: number) => ({
  mode: 'standard', direction: 'import', declarant: { uscc: '91310115MA1HK7Q24A', name: 'Shanghai Puyuan' }, customsOffice: '2200', portOfEntry: '2200',
  transport: { mode: '2', conveyance: 'ARIES', billOfLading: 'COSU1' }, tradeMode: '0110', incoterm: 'CIF', currency: 'USD',
  items: [{ hsCode: '8471300000', description: 'laptops', quantity: 10, unit: '001', value, originCountry: 'USA' }], documents: [],
});
const submitted = event('declaration', 'DeclarationSubmitted', { declarationId: ID, declaration: body(5000), submittedAt: '2026-11-01T00:00:00.000Z', requestHash: 'h', arrivedAt: '2026-11-01T00:00:00.000Z' });
const routed = event('declaration', 'DeclarationRouted', { agencies: ['customs'], reasons: { customs: ['always'] } });
const released = event('customs', 'CaseReleased', { by: 'system', automatic: true, releasedAt: '2026-11-01T01:00:00.000Z' });
const given = (...events: RecordedEvent[]) => events.reduce<StatusView | null>(evolveStatusView, null)!;

describe('corrections in the status view', () => {
  it('lists an amendment, then its approval: version 2 and the amended declaration', () => {
    const asked = event('declaration', 'AmendmentRequested', { amendmentId: 'a-1', reason: 'typo', changes: { items: body(6000).items }, afterRelease: false, baseVersion: 1, requestedAt: 'x' });
    expect(given(submitted, routed, asked)).toMatchObject({ version: 1, amendments: [{ id: 'a-1', status: 'pending', reason: 'typo', decidedBy: null }] });
    const approved = event('declaration', 'AmendmentApproved', { amendmentId: 'a-1', reason: 'ok', by: 'officer-1', declaration: body(6000), version: 2, afterRelease: false, decidedAt: 'y' });
    expect(given(submitted, routed, asked, approved)).toMatchObject({
      version: 2, declaration: { items: [{ value: 6000 }] }, amendments: [{ id: 'a-1', status: 'approved', decidedBy: 'officer-1', decision: { reason: 'ok', at: 'y' }, version: 2 }],
    });
  });

  it('a return shows as returned until the resubmission; a case released before is pending again', () => {
    const returned = event('declaration', 'DeclarationReturned', { agency: 'customs', reason: 'wrong value', by: 'o', returnedAt: 'x' });
    expect(given(submitted, routed, released, returned)).toMatchObject({ status: 'returned', returned: { agency: 'customs', reason: 'wrong value' } });
    const resubmitted = event('declaration', 'DeclarationResubmitted', { declaration: body(7000), version: 2, requestHash: 'h2', resubmittedAt: 'y' });
    const revised = event('customs', 'CaseRevised', { declaration: body(7000), afterRelease: false, reason: 'resubmitted', revisedAt: 'y' });
    const view = given(submitted, routed, released, returned, resubmitted, revised);
    expect(view).toMatchObject({ status: 'under-review', returned: null, version: 2, agencies: { customs: { status: 'pending' } } });
    expect(view.agencies.customs!.releasedAt).toBeUndefined();
  });

  it('lists requests for information and their answers', () => {
    const asked = event('declaration', 'InformationRequested', { requestId: 'r-1', agency: 'customs', reason: 'contract', fields: ['items[0].value'], by: 'o', requestedAt: 'x' });
    const answered = event('declaration', 'InformationProvided', { requestId: 'r-1', agency: 'customs', note: 'attached', documents: [{ code: 'CTR', number: '1' }], respondedAt: 'y' });
    expect(given(submitted, asked).requests).toEqual([expect.objectContaining({ id: 'r-1', status: 'open', fields: ['items[0].value'] })]);
    expect(given(submitted, asked, answered).requests).toEqual([expect.objectContaining({ id: 'r-1', status: 'answered', answer: { note: 'attached', documents: [{ code: 'CTR', number: '1' }], at: 'y' } })]);
  });

  it('the worklist opens a released case again when it is revised before release, not after', () => {
    const row: WorklistRow = { agency: 'customs', declaration_id: ID, status: 'released', lane: 'green', priority: 0, declarant_uscc: 'u', declarant_name: 'n', mode: 'standard', opened_at: 'x', updated_at: 'x' };
    const revised = (afterRelease: boolean) => event('customs', 'CaseRevised', { declaration: body(7000), afterRelease, reason: 'r', revisedAt: 'y' }) as never;
    expect(evolveWorklistRow(row, revised(false))).toMatchObject({ status: 'pending' });
    expect(evolveWorklistRow(row, revised(true))).toBeNull();
  });
});
