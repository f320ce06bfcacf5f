import type { Principal } from '@sw/platform';
import { searchWhere } from './declaration-search';

const ME = '91310115MA1HK7Q24A';
const enterprise: Principal = { subject: 'e', role: 'enterprise', uscc: ME };
const broker: Principal = { subject: 'b', role: 'broker', uscc: ME };
const officer: Principal = { subject: 'o', role: 'officer', agency: 'border' };
const auditor: Principal = { subject: 'a', role: 'auditor' };

describe('searchWhere: what the caller may see, then each filter', () => {
  it.each<[string, Principal, string, unknown[]]>([
    ['an enterprise: what it filed or was filed for it', enterprise, 'where (declarant_uscc = $1 or consignee_uscc = $1)', [ME]],
    ['a broker: what it filed', broker, 'where declarant_uscc = $1', [ME]],
    ['an officer: what is routed to its agency', officer, 'where agencies @> array[$1]::text[]', ['border']],
    ['an auditor: all', auditor, '', []],
  ])('%s', (_, principal, clause, params) => {
    expect(searchWhere(principal, {})).toEqual({ clause, params });
  });

  it('adds every filter given, each as an equality or a range on an indexed column', () => {
    const { clause, params } = searchWhere(auditor, {
      status: 'held', number: '220020261000000001', billOfLading: 'COSU1', conveyance: '粤B 12-34', consignee: ME, declarant: ME, from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z',
    });
    expect(clause).toBe('where status = $1 and number = $2 and bill_of_lading = $3 and conveyance_key = $4 and consignee_uscc = $5 and declarant_uscc = $6'
      + ' and submitted_at >= $7::timestamptz and submitted_at < $8::timestamptz');
    expect(params).toEqual(['held', '220020261000000001', 'COSU1', '粤B1234', ME, ME, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z']);
  });

  it('q matches any key, within the caller\'s scope', () => {
    const { clause, params } = searchWhere(broker, { q: ' cosu1 ' });
    expect(clause).toBe('where declarant_uscc = $1 and (number = $2 or bill_of_lading = $3 or conveyance_key = $4 or consignee_uscc = $3 or declarant_uscc = $3)');
    expect(params).toEqual([ME, 'cosu1', 'COSU1', 'COSU1']);
  });
});
