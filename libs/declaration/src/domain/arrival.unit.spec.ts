import { DomainError } from '@sw/event-store';
import { arrivalDecider, type ArrivalEvent, type ReportArrival } from './arrival';

const now = new Date('2026-11-10T00:00:00.000Z');
const report = (over: Partial<ReportArrival> = {}): ReportArrival => ({
  type: 'ReportArrival', billOfLading: 'cosu1', conveyance: 'COSCO ARIES', portOfEntry: '2200', arrivedAt: new Date('2026-11-09T20:00:00.000Z'), reportedBy: 'op', now, ...over,
});
const given = (...events: ArrivalEvent[]) => ({
  when: (command: ReportArrival) => arrivalDecider.decide(command, events.reduce(arrivalDecider.evolve, arrivalDecider.initialState())),
});
const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as DomainError).code;
  }
  return 'accepted';
};

describe('运抵报告: one arrival per bill of lading, when the goods come in', () => {
  const first = given().when(report());
  it('records the first report', () => {
    expect(first).toEqual([{ type: 'ArrivalReported', data: expect.objectContaining({ billOfLading: 'COSU1', portOfEntry: '2200', arrivedAt: '2026-11-09T20:00:00.000Z' }) }]);
  });
  it.each<[string, Partial<ReportArrival>, string]>([
    ['decades back', { arrivedAt: new Date('1990-01-01T00:00:00.000Z') }, 'arrival-too-old'],
    ['more than a week back', { arrivedAt: new Date('2026-11-02T23:00:00.000Z') }, 'arrival-too-old'],
    ['more than a day ahead', { arrivedAt: new Date('2026-11-11T01:00:00.000Z') }, 'arrival-in-future'],
  ])('refuses an arrival %s', (_, over, code) => {
    expect(codeOf(() => given().when(report(over)))).toBe(code);
  });
  it('refuses a second report of another time: an earlier one cannot move the arrival back, a later one forward', () => {
    for (const arrivedAt of [new Date('2026-11-08T00:00:00.000Z'), new Date('2026-11-09T23:00:00.000Z')]) {
      expect(codeOf(() => given(first[0]!).when(report({ arrivedAt, conveyance: 'cosco aries' })))).toBe('arrival-already-reported');
    }
  });
  it('takes a report at another port, or of another conveyance, as another arrival: one reported first elsewhere, or by mistake, blocks nothing', () => {
    for (const over of [{ portOfEntry: '5301' }, { conveyance: 'NOT THE SHIP' }]) {
      const other = given().when(report(over));
      expect(given(other[0]!).when(report())).toHaveLength(1);
    }
  });
  it('takes the same report again as a retry (nothing new)', () => {
    expect(given(first[0]!).when(report({ conveyance: 'cosco-aries' }))).toEqual([]);
  });
});
