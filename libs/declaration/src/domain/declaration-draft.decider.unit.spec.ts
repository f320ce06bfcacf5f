import { DomainError } from '@sw/event-store';
import type { DeclarationBody } from '@sw/shipment';
import { draftDecider, type DraftCommand, type DraftEvent } from './declaration-draft.decider';

const NOW = new Date('2026-12-01T02:00:00.000Z');
const body = { mode: 'standard', direction: 'import' } as DeclarationBody;
const stage = (requestHash: string, declared = false): DraftCommand => ({ type: 'Stage', declarationId: 'd-1', clientSeqNo: 'C-1', declaration: body, requestHash, declared, now: NOW });
const staged = (requestHash: string, version: number): DraftEvent => ({
  type: 'DeclarationStaged', data: { declarationId: 'd-1', clientSeqNo: 'C-1', declaration: body, requestHash, version, stagedAt: NOW.toISOString() },
});
const given = (events: DraftEvent[]) => ({ when: (command: DraftCommand) => draftDecider.decide(command, events.reduce(draftDecider.evolve, draftDecider.initialState())) });

describe('暂存 (OperType G): the staged declaration', () => {
  it.each<[string, DraftEvent[], DraftCommand, DraftEvent[]]>([
    ['a first message is stored as version 1', [], stage('h1'), [staged('h1', 1)]],
    ['an edited message is stored as the next version', [staged('h1', 1)], stage('h2'), [staged('h2', 2)]],
    ['the same message again stores nothing', [staged('h1', 1)], stage('h1'), []],
  ])('%s', (_name, history, command, expected) => {
    expect(given(history).when(command)).toEqual(expected);
  });

  it('is refused once the declaration was declared', () => {
    expect(() => given([staged('h1', 1)]).when(stage('h2', true))).toThrow(new DomainError('already-declared', 'This declaration was declared already: a staged copy can no longer replace it'));
  });
});
