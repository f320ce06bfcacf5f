import { Client } from 'pg';
import type { Principal } from '@sw/platform';
import { DeclarationSearch1763900018200, DeclarationStatusReadModel1763900000100, searchWhere, type DeclarationSearch } from '@sw/read-models';
import type { QueryRunner } from 'typeorm';
import type { Benchmark, BenchContext } from './lib/benchmark';
import { formatNumber, table } from './lib/markdown';
import { median, percentile, round } from './lib/stats';

/**
 * Search (API.md "Numbers and finding a shipment"): declaration_status filled with N synthetic
 * declarations (1,000,000 in a full run, 100,000 with --quick) through the real migrations, then
 * each filter of GET /v1/declarations timed as the API runs it: searchWhere's clause, the count and
 * the first page (20, newest first), each query repeated on values spread over the table.
 */
export interface SearchSection {
  rows: number;
  loadSeconds: number;
  queries: { name: string; medianMs: number; p95Ms: number; plan: string }[];
}

const ENTERPRISES = 2_000;
const OFFICES = ['2200', '4200', '5301', '3100', '0100', '1200', '2300', '5100'];
const uscc = (i: number) => `91${String(i % ENTERPRISES).padStart(16, '0')}`;

const SEARCHES: { name: string; who: (i: number) => Principal; search: (i: number) => DeclarationSearch }[] = [
  { name: 'number (enterprise)', who: (i) => enterprise(i), search: (i) => ({ number: numberOf(i) }) },
  { name: 'bill of lading (officer)', who: () => officer('customs'), search: (i) => ({ billOfLading: `BL${i}` }) },
  { name: 'conveyance (officer, border)', who: () => officer('border'), search: (i) => ({ conveyance: `粤B ${i % 50_000}` }) },
  { name: 'consignee (auditor)', who: () => ({ subject: 'a', role: 'auditor' }), search: (i) => ({ consignee: uscc(i) }) },
  { name: 'declarant + 7 days (broker)', who: (i) => ({ subject: 'b', role: 'broker', uscc: uscc(i) }), search: (i) => ({ declarant: uscc(i), ...week(i) }) },
  { name: 'status + 7 days (officer)', who: () => officer('customs'), search: (i) => ({ status: 'held', ...week(i) }) },
  { name: 'q = number (auditor)', who: () => ({ subject: 'a', role: 'auditor' }), search: (i) => ({ q: numberOf(i) }) },
  { name: 'q = USCC (officer)', who: () => officer('customs'), search: (i) => ({ q: uscc(i) }) },
  { name: 'own list, newest first (enterprise)', who: (i) => enterprise(i), search: () => ({}) },
];

function enterprise(i: number): Principal { return { subject: 'e', role: 'enterprise', uscc: uscc(i) }; }
function officer(agency: 'customs' | 'border'): Principal { return { subject: 'o', role: 'officer', agency }; }
function numberOf(i: number) { return `${OFFICES[i % OFFICES.length]}2026${i % 2}${String(i).padStart(9, '0')}`; }
function week(i: number) {
  const from = new Date(Date.UTC(2026, 0, 1) + (i % 300) * 86_400_000);
  return { from: from.toISOString(), to: new Date(from.getTime() + 7 * 86_400_000).toISOString() };
}

async function fill(client: Client, rows: number, log: (line: string) => void) {
  const runner = { query: (sql: string, params?: unknown[]) => client.query(sql, params).then((r) => r.rows) } as unknown as QueryRunner;
  await new DeclarationStatusReadModel1763900000100().up(runner);
  await new DeclarationSearch1763900018200().up(runner);
  const batch = 100_000;
  for (let start = 0; start < rows; start += batch) {
    // The same columns the projection writes; the view carries what the list returns.
    await client.query(`insert into declaration_status (id, declarant_uscc, consignee_uscc, status, agencies, mode, bill_of_lading, conveyance, conveyance_key, port_of_entry, number, submitted_at, updated_at, view)
      select gen_random_uuid(), d, c, st, case when i % 3 = 0 then '{customs,border}'::text[] else '{customs}'::text[] end, 'standard', 'BL' || i,
             '粤B ' || (i % 50000), upper(regexp_replace('粤B ' || (i % 50000), '[[:space:]·.-]', '', 'g')), '5301', n, t, t,
             jsonb_build_object('id', i, 'number', n, 'status', st, 'declarant', jsonb_build_object('uscc', d), 'submittedAt', t)
      from (select i, '91' || lpad((i % ${ENTERPRISES})::text, 16, '0') as d,
                   '91' || lpad(((i * 7) % ${ENTERPRISES})::text, 16, '0') as c,
                   (array['released','under-review','held','exited'])[1 + i % 4] as st,
                   (array[${OFFICES.map((o) => `'${o}'`).join(',')}])[1 + i % ${OFFICES.length}] || '2026' || (i % 2) || lpad(i::text, 9, '0') as n,
                   timestamptz '2026-01-01' + (i % 365) * interval '1 day' + (i % 86400) * interval '1 second' as t
            from generate_series($1::int, $2::int) as i) s`, [start, Math.min(rows, start + batch) - 1]);
    log(`search: ${formatNumber(Math.min(rows, start + batch))} rows`);
  }
  await client.query('analyze declaration_status');
}

export const searchBenchmark: Benchmark<SearchSection, { rows: number; repeats: number }> = {
  key: 'search',
  title: 'Search over a large declaration table',
  async run(context: BenchContext) {
    const rows = context.quick ? 100_000 : 1_000_000;
    const repeats = context.quick ? 20 : 50;
    const client = new Client({ connectionString: context.databaseUrl });
    await client.connect();
    try {
      const loadStarted = Date.now();
      await fill(client, rows, context.log);
      const loadSeconds = round((Date.now() - loadStarted) / 1000, 1);
      const queries: SearchSection['queries'] = [];
      for (const { name, who, search } of SEARCHES) {
        const times: number[] = [];
        let plan = '';
        for (let r = 0; r < repeats; r++) {
          const i = Math.floor((r + 1) * (rows / (repeats + 1)));
          const { clause, params } = searchWhere(who(i), search(i));
          const pageSql = `select view from declaration_status ${clause} order by submitted_at desc, id limit $${params.length + 1} offset 0`;
          if (r === 0) {
            const explained = await client.query(`explain ${pageSql}`, [...params, 20]);
            plan = explained.rows.map((row) => String(row['QUERY PLAN'])).filter((line) => /Scan|BitmapOr/.test(line)).map((line) => line.trim().replace(/\s+\(cost.*$/, '')).join('; ');
          }
          const started = process.hrtime.bigint();
          await client.query(`select count(*)::int as total from declaration_status ${clause}`, params);
          await client.query(pageSql, [...params, 20]);
          times.push(Number(process.hrtime.bigint() - started) / 1e6);
        }
        queries.push({ name, medianMs: round(median(times), 2), p95Ms: round(percentile(times, 95), 2), plan });
        context.log(`search: ${name}: median ${round(median(times), 2)} ms`);
      }
      const markdown = [
        `## ${searchBenchmark.title}`,
        '',
        `${formatNumber(rows)} declarations in declaration_status (loaded in ${loadSeconds} s through the real migrations). Each search is the API's own`,
        `where clause (searchWhere) for the caller shown, timed as count + first page of 20, ${repeats} times on values spread over the table.`,
        '',
        table(['search', 'median ms', 'p95 ms', 'plan'], queries.map((q) => [q.name, String(q.medianMs), String(q.p95Ms), q.plan]), ['l', 'r', 'r', 'l']),
        '',
      ].join('\n');
      return {
        section: { rows, loadSeconds, queries },
        settings: { rows, repeats },
        markdown,
        summary: [`search: ${formatNumber(rows)} rows, slowest median ${Math.max(...queries.map((q) => q.medianMs))} ms`],
      };
    } finally {
      await client.end();
    }
  },
};
