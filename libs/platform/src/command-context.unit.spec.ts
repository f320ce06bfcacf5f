import type { Actor } from '@sw/event-store';
import type { Principal } from './access';
import { FixedClock } from './clock';
import { actorOf, commandContext } from './command-context';
import { requestContext } from './request-context';

const clock = new FixedClock(new Date('2026-11-23T08:00:00.000Z'));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('commandContext', () => {
  it('takes the causation from the request, the actor from the principal and the time from the clock', () => {
    const officer: Principal = { subject: 'officer-7', role: 'officer', agency: 'inspection' };
    const context = requestContext.run({ requestId: 'req-42' }, () => commandContext(officer, { correlationId: 'decl-1', clock }));
    expect(context).toEqual({
      correlationId: 'decl-1', causationId: 'req-42', actor: { kind: 'officer', id: 'officer-7', agency: 'inspection' }, now: new Date('2026-11-23T08:00:00.000Z'),
    });
  });

  it('gives a command outside any request a fresh causation id', () => {
    const first = commandContext({ subject: 'gate-1', role: 'gate' }, { correlationId: 'decl-1', clock });
    const second = commandContext({ subject: 'gate-1', role: 'gate' }, { correlationId: 'decl-1', clock });
    expect(first.causationId).toMatch(UUID);
    expect(second.causationId).not.toBe(first.causationId);
  });

  it('accepts an actor that is no caller (the engine) and passes an idempotency seed on', () => {
    const engine: Actor = { kind: 'system', id: 'dev-clock' };
    const context = requestContext.run({ requestId: 'req-1' }, () => commandContext(engine, { correlationId: 'engine-clock', clock, idempotencySeed: 'seed' }));
    expect(context).toMatchObject({ actor: engine, causationId: 'req-1', idempotencySeed: 'seed' });
  });

  it('leaves the idempotency seed out when none is given', () => {
    expect(commandContext({ subject: 'x', role: 'issuer' }, { correlationId: 'c', clock })).not.toHaveProperty('idempotencySeed');
  });
});

describe('actorOf', () => {
  it.each<[string, Principal, Actor]>([
    ['an enterprise by its USCC', { subject: 'dev:91440300MA5G0000X1', role: 'enterprise', uscc: '91440300MA5G0000X1' }, { kind: 'enterprise', id: '91440300MA5G0000X1' }],
    ['an officer with its agency', { subject: 'customs-officer', role: 'officer', agency: 'customs' }, { kind: 'officer', id: 'customs-officer', agency: 'customs' }],
    ['a gate by its subject', { subject: 'gate-3', role: 'gate' }, { kind: 'gate', id: 'gate-3' }],
    ['an issuer by its subject', { subject: 'MOFCOM', role: 'issuer' }, { kind: 'issuer', id: 'MOFCOM' }],
    ['a bank by its code', { subject: 'dev:bank-ICBC', role: 'bank', bank: 'ICBC' }, { kind: 'bank', id: 'ICBC' }],
    ['an auditor by its subject', { subject: 'auditor-1', role: 'auditor' }, { kind: 'auditor', id: 'auditor-1' }],
    ['a port operator by its subject', { subject: 'port-1', role: 'port-operator' }, { kind: 'port-operator', id: 'port-1' }],
  ])('records %s', (_, principal, actor) => {
    expect(actorOf(principal)).toEqual(actor);
  });
});
