import { Reflector } from '@nestjs/core';
import type { ExecutionContext } from '@nestjs/common';
import { AdmissionControl, AdmissionGuard, AdmissionRefusedException, SHEDDABLE } from './admission';

describe('admission control', () => {
  const at = (now: number) => () => now;
  const reading = (seconds: number, measuredAt = 1_000_000) => ({ seconds, bySubscription: { 'clearance-process': seconds }, measuredAt });

  it.each([
    // limit, backlog, refused?, Retry-After
    [10, 0, false, null],
    [10, 10, false, null],
    [10, 10.2, true, 1],
    [10, 14.5, true, 5],
    [10, 500, true, 60],
    [0, 500, false, null],
  ])('limit %p s, backlog %p s: refused %p, Retry-After %p', (limit, backlog, refused, retryAfter) => {
    const admission = new AdmissionControl(limit, at(1_000_000));
    admission.update(reading(backlog));
    const refusal = admission.refusal();
    expect(refusal !== null).toBe(refused);
    expect(refusal?.retryAfterSeconds ?? null).toBe(retryAfter);
    expect(admission.status().state).toBe(refused ? 'shedding' : 'admitting');
  });

  it('takes submissions before the first reading, and when the last one is stale (the measurement failed)', () => {
    let now = 1_000_000;
    const admission = new AdmissionControl(10, () => now);
    expect(admission.refusal()).toBeNull();
    expect(admission.status()).toMatchObject({ state: 'unknown', backlogSeconds: null });
    admission.update(reading(30, now));
    expect(admission.refusal()).not.toBeNull();
    now += 6_000;
    expect(admission.refusal()).toBeNull();
    expect(admission.status().state).toBe('unknown');
  });

  describe('the guard', () => {
    const context = (sheddable: boolean, headers: Record<string, string>) => {
      const handler = () => undefined;
      if (sheddable) Reflect.defineMetadata(SHEDDABLE, true, handler);
      return { getHandler: () => handler, getClass: () => class {}, switchToHttp: () => ({ getResponse: () => ({ header: (k: string, v: string) => (headers[k] = v) }) }) } as unknown as ExecutionContext;
    };

    it('refuses a sheddable route with 503, code admission-backlog and Retry-After, and counts it', () => {
      const admission = new AdmissionControl(10, at(1_000_000));
      const shed: number[] = [];
      admission.onShed = () => shed.push(1);
      admission.update(reading(13.3));
      const headers: Record<string, string> = {};
      const guard = new AdmissionGuard(new Reflector(), admission);
      let thrown: unknown;
      try {
        guard.canActivate(context(true, headers));
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(AdmissionRefusedException);
      expect((thrown as AdmissionRefusedException).getStatus()).toBe(503);
      expect((thrown as AdmissionRefusedException).getResponse()).toMatchObject({ code: 'admission-backlog' });
      expect(headers['retry-after']).toBe('4');
      expect(admission.shedTotal).toBe(1);
      expect(shed).toHaveLength(1);
    });

    it('never sheds another route (decisions, payments, confirmations), however far behind', () => {
      const admission = new AdmissionControl(10, at(1_000_000));
      admission.update(reading(3600));
      expect(new AdmissionGuard(new Reflector(), admission).canActivate(context(false, {}))).toBe(true);
      expect(admission.shedTotal).toBe(0);
    });
  });
});
