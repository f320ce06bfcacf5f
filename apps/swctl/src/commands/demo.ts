import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CliError, expectPositionals, integerOption, stringOption, UsageError, type ParsedArgs } from '../args';
import type { Command, CommandContext } from '../command';
import { ApiClient, ApiError, problemText, sleep, type ApiResponse } from '../http';
import { count, duration, type Output } from '../output';

// ---------------------------------------------------------------------------------------------
// The stories (seeds/demo/shipments.json)
// ---------------------------------------------------------------------------------------------

const AGENCIES = ['customs', 'inspection', 'border'] as const;
const DECISIONS = ['release', 'hold', 'reject', 'examine'] as const;
const STATUSES = ['submitted', 'under-review', 'awaiting-arrival', 'examination', 'held', 'released', 'exited', 'rejected', 'withdrawn'] as const;
const STEP_KINDS = ['arrival', 'pay-duties', 'guarantee', 'decide', 'complete', 'withdraw', 'gate', 'manifest'] as const;
/** The demo's carrier (舱单传输人), fictional. */
const DEMO_CARRIER = '91152501MA0N7K2E4H';

type Agency = (typeof AGENCIES)[number];
type Status = (typeof STATUSES)[number];

export type DemoStep =
  | { do: 'arrival' }
  | { do: 'pay-duties' }
  | { do: 'guarantee'; amount?: number; currency?: string }
  | { do: 'decide'; agency: Agency; decision: (typeof DECISIONS)[number]; reason: string }
  | { do: 'complete'; items?: Record<string, unknown>[]; documents?: Record<string, unknown>[] }
  | { do: 'withdraw'; reason: string }
  | { do: 'gate' }
  /** 舱单: the carrier files the manifest listing the declaration's bill for its conveyance and port. */
  | { do: 'manifest' };

export interface DemoStory {
  id: string;
  story: string;
  enterprise: string;
  /** The status the story ends in when only the risk rules decide. */
  expect: Status;
  declaration: Declaration;
  steps: DemoStep[];
}

interface Declaration {
  mode: string;
  declarant: { uscc: string; name: string };
  portOfEntry: string;
  transport: { mode: string; conveyance: string; billOfLading: string; voyage?: string };
  items: Record<string, unknown>[];
  [field: string]: unknown;
}

/** seeds/demo/shipments.json under the project root ($SEEDS_DIR/demo when set). */
export function defaultStoriesFile(env: NodeJS.ProcessEnv = process.env, from: string = __dirname): string {
  if (env.SEEDS_DIR) return path.resolve(env.SEEDS_DIR, 'demo', 'shipments.json');
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'seeds', 'demo', 'shipments.json');
    if (existsSync(path.join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new CliError(`no seeds/demo/shipments.json above ${from}: pass --file or set SEEDS_DIR`);
  }
}

/** Reads and checks the stories: every problem is listed at once. */
export function loadStories(file: string): DemoStory[] {
  let raw: unknown;
  try {
    // Goods and enterprises are declared by their Chinese names (as a 报关单 names them); the file
    // keeps their English names beside them (descriptionEn, nameEn) for readers, not for the API.
    raw = JSON.parse(readFileSync(file, 'utf8'), (key, value) => (key === 'descriptionEn' || key === 'nameEn' ? undefined : value));
  } catch (error) {
    throw new CliError(`cannot read the demo stories ${file}: ${(error as Error).message}`);
  }
  const items = Array.isArray(raw) ? raw : (raw as { items?: unknown })?.items;
  if (!Array.isArray(items) || items.length === 0) throw new CliError(`${file}: expected { "items": [stories] } (or a list of stories)`);
  const problems: string[] = [];
  const ids = new Set<string>();
  items.forEach((story: any, index) => {
    const at = `${typeof story?.id === 'string' ? story.id : `items[${index}]`}`;
    const problem = (message: string) => problems.push(`${at}: ${message}`);
    if (typeof story !== 'object' || story === null) return problem('is not an object');
    if (typeof story.id !== 'string' || !/^[a-z0-9][a-z0-9-]{0,31}$/.test(story.id)) problem('id must be 1 to 32 small letters, digits and dashes');
    else if (ids.has(story.id)) problem('id appears twice');
    ids.add(story.id);
    if (typeof story.story !== 'string' || !story.story.trim()) problem('story must be a sentence');
    if (typeof story.enterprise !== 'string' || !/^[0-9A-Z]{18}$/.test(story.enterprise)) problem('enterprise must be an 18-character USCC');
    if (!(STATUSES as readonly string[]).includes(story.expect)) problem(`expect must be one of ${STATUSES.join(', ')}`);
    const d = story.declaration;
    if (typeof d !== 'object' || d === null) problem('declaration must be the body of POST /v1/declarations');
    else {
      if (d.declarant?.uscc !== story.enterprise) problem('declaration.declarant.uscc must be the story\'s enterprise');
      if (typeof d.transport?.billOfLading !== 'string' || typeof d.transport?.conveyance !== 'string') problem('declaration.transport needs billOfLading and conveyance');
      if (!Array.isArray(d.items) || d.items.length === 0) problem('declaration.items must list the goods');
    }
    if (!Array.isArray(story.steps)) return problem('steps must be a list (empty when nothing happens after submission)');
    story.steps.forEach((step: any, i: number) => {
      const where = `steps[${i}]`;
      if (!(STEP_KINDS as readonly string[]).includes(step?.do)) return problem(`${where}: "do" must be one of ${STEP_KINDS.join(', ')}`);
      if (step.do === 'decide') {
        if (!(AGENCIES as readonly string[]).includes(step.agency)) problem(`${where}: agency must be one of ${AGENCIES.join(', ')}`);
        if (!(DECISIONS as readonly string[]).includes(step.decision)) problem(`${where}: decision must be one of ${DECISIONS.join(', ')}`);
      }
      if ((step.do === 'decide' || step.do === 'withdraw') && (typeof step.reason !== 'string' || !step.reason.trim())) problem(`${where}: a ${step.do} step needs a reason`);
      if (step.do === 'guarantee' && step.amount !== undefined && !(typeof step.amount === 'number' && step.amount > 0)) problem(`${where}: amount must be a positive number`);
      if (step.do === 'complete' && step.items === undefined && Array.isArray(d?.items) && d.items.some((item: any) => item?.value === undefined)) {
        problem(`${where}: the declaration's items have no values: the complete step needs its items`);
      }
    });
  });
  if (problems.length) throw new CliError(`${file} is not valid:\n  ${problems.join('\n  ')}`);
  return items as DemoStory[];
}

// ---------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------

export interface StepResult {
  do: DemoStep['do'];
  agency?: Agency;
  /** done; skipped (already done by an earlier run, or nothing to do); refused (the engine took another path); failed. */
  result: 'done' | 'skipped' | 'refused' | 'failed';
  detail: string;
}

export interface ShipmentResult {
  demo: string;
  repetition: number;
  id: string | null;
  mode: string;
  status: Status | 'not submitted';
  expected: Status;
  /** Ended in the expected status with every step done or skipped. */
  asTold: boolean;
  /** Created by this run; false when the Idempotency-Key found it from an earlier run. */
  created: boolean;
  idempotencyKey: string;
  steps: StepResult[];
  completeDeclaration: string | null;
  note: string | null;
  error: string | null;
  story: string;
}

type View = {
  id: string;
  status: Status;
  mode: string;
  agencies: Partial<Record<Agency, { status: string; lane?: string; reasons: string[] }>>;
  arrival: { arrivedAt: string } | null;
  duties: { assessed: number | null; settled: 'paid' | 'guaranteed' | 'none'; paid: number; guaranteed: number };
  completeDeclaration: { status: string } | null;
};

class StepFailed extends Error {}

// ---------------------------------------------------------------------------------------------
// The command
// ---------------------------------------------------------------------------------------------

export const demoCommand: Command = {
  name: 'demo',
  synopsis: '[--url http://127.0.0.1:3000] [--count N] [--only demo-01,demo-05]',
  summary: 'load the demo shipments through the HTTP API of a running server (DEV_MODE)',
  description: [
    'Plays the stories of seeds/demo/shipments.json against a running server in DEV_MODE,',
    'through its HTTP API only: dev tokens from POST /v1/dev/tokens, each declaration submitted',
    'with an Idempotency-Key derived from its demo id, then what the story says: arrival reports,',
    'duties paid (the amount read from the status view once assessed), guarantees, officers\'',
    'decisions, the complete declaration, a withdrawal, the gate.',
    '',
    'Running it again creates nothing: the same keys find the same declarations, and steps',
    'already done are skipped. --count N repeats the set N times with fresh ids for load (the',
    'key, bill of lading and vehicle carry the repetition number); --tag gives a whole new set.',
    '',
    'Prints a table: demo id, declaration id, mode, status (and whether it was created now).',
    'A story whose shipment took another path (random selection 双随机 is on by default; start',
    'the server with RISK_RANDOM_SELECTION=off for a repeatable demo) is flagged, not failed.',
    'Exit code 1 when the server cannot be used or a request fails.',
  ].join('\n'),
  options: {
    url: { kind: 'string', value: '<url>', description: 'the server (default SW_URL, else http://127.0.0.1:3000)' },
    count: { kind: 'string', value: '<n>', description: 'repetitions of the set, with fresh ids from the second (default 1)' },
    only: { kind: 'string', value: '<ids>', description: 'only these stories, comma-separated (e.g. demo-01,demo-05)' },
    tag: { kind: 'string', value: '<tag>', description: 'a name for a fresh set of ids (letters, digits, dashes)' },
    concurrency: { kind: 'string', value: '<n>', description: 'shipments played at once (default 4)' },
    timeout: { kind: 'string', value: '<seconds>', description: 'longest wait for the engine at each step (default 30)' },
    file: { kind: 'string', value: '<file>', description: 'stories to play (default seeds/demo/shipments.json)' },
  },
  examples: [
    'swctl demo',
    'swctl demo --url http://127.0.0.1:3000 --json',
    'swctl demo --count 50 --concurrency 16',
  ],
  run,
};

async function run(args: ParsedArgs, { out, env, cwd }: CommandContext): Promise<number> {
  const command = 'demo';
  expectPositionals(args, 0, command);
  const url = stringOption(args, 'url') ?? env.SW_URL ?? 'http://127.0.0.1:3000';
  if (!/^https?:\/\/[^\s/]+/.test(url)) throw new UsageError(`--url must be an http(s) URL such as http://127.0.0.1:3000 (got "${url}")`, command);
  const repetitions = integerOption(args, 'count', { min: 1, max: 100_000, fallback: 1, command });
  const concurrency = integerOption(args, 'concurrency', { min: 1, max: 256, fallback: 4, command });
  const timeoutMs = integerOption(args, 'timeout', { min: 1, max: 3600, fallback: 30, command }) * 1000;
  const tag = stringOption(args, 'tag');
  if (tag !== undefined && !/^[A-Za-z0-9-]{1,16}$/.test(tag)) throw new UsageError('--tag must be 1 to 16 letters, digits or dashes', command);
  const fileOption = stringOption(args, 'file');
  const file = fileOption ? path.resolve(cwd, fileOption) : defaultStoriesFile(env);
  if (fileOption && (!existsSync(file) || !statSync(file).isFile())) throw new UsageError(`--file ${fileOption}: no such file`, command);
  let stories = loadStories(file);
  const only = stringOption(args, 'only');
  if (only !== undefined) {
    const wanted = only.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = wanted.filter((id) => !stories.some((story) => story.id === id));
    if (unknown.length || !wanted.length) throw new UsageError(`--only: unknown stor${unknown.length === 1 ? 'y' : 'ies'} ${unknown.join(', ')} (there are ${stories.map((s) => s.id).join(', ')})`, command);
    stories = stories.filter((story) => wanted.includes(story.id));
  }

  const started = Date.now();
  const player = new DemoPlayer(new ApiClient(url), timeoutMs);
  await player.preflight();

  const jobs = Array.from({ length: repetitions }, (_, r) => stories.map((story) => ({ story, repetition: r + 1 }))).flat();
  const results: ShipmentResult[] = new Array(jobs.length);
  const progress = out.progress();
  let next = 0;
  let finished = 0;
  const show = (force = false) => progress.update(`demo: ${count(finished)}/${count(jobs.length)} shipments played, ${Math.min(concurrency, jobs.length - finished)} in flight`, force);
  show(true);
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await player.play(jobs[index].story, jobs[index].repetition, tag);
      finished++;
      show();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
  } finally {
    progress.done();
  }

  const summary = {
    total: results.length,
    created: results.filter((r) => r.created).length,
    existing: results.filter((r) => r.id && !r.created).length,
    asTold: results.filter((r) => r.asTold).length,
    diverged: results.filter((r) => !r.asTold && !r.error).length,
    failed: results.filter((r) => r.error).length,
  };
  const elapsedMs = Date.now() - started;
  if (out.json) {
    out.printJson({ url: player.api.baseUrl, file, repetitions, ...(tag ? { tag } : {}), shipments: results, summary, elapsedMs });
  } else {
    printTable(out, results, repetitions, summary, player.api.baseUrl, elapsedMs, stories);
  }
  return summary.failed > 0 ? 1 : 0;
}

function printTable(out: Output, results: ShipmentResult[], repetitions: number, summary: Record<string, number>, url: string, elapsedMs: number, stories: DemoStory[]): void {
  const rows = results.map((r) => {
    const status = r.error ? out.red(r.status) : r.asTold ? out.green(r.status) : out.yellow(r.status);
    const note = r.error ? out.red(r.error) : r.asTold ? '' : `expected ${r.expected}${r.note ? `: ${r.note}` : ''}`;
    return [repetitions > 1 ? `${r.demo} #${r.repetition}` : r.demo, r.id ?? '—', r.mode, status, r.id ? (r.created ? 'created' : 'existing') : '—', note];
  });
  out.line(out.table(['DEMO', 'DECLARATION', 'MODE', 'STATUS', 'LOAD', 'NOTE'], rows));
  out.line();
  out.line(`${count(summary.total)} shipment${summary.total === 1 ? '' : 's'} through ${url} in ${duration(elapsedMs)}: ${count(summary.created)} created, ${count(summary.existing)} already there (same Idempotency-Key); ${count(summary.asTold)} as told.`);
  if (summary.diverged) {
    out.warn(`${count(summary.diverged)} took another path than their story: random selection (双随机) is on unless the server runs with RISK_RANDOM_SELECTION=off.`);
  }
  if (summary.failed) out.error(`${count(summary.failed)} failed (see NOTE).`);
  if (repetitions === 1) {
    out.line();
    for (const story of stories) out.line(out.dim(`${story.id}  ${story.story}`));
  }
}

// ---------------------------------------------------------------------------------------------
// Playing a story
// ---------------------------------------------------------------------------------------------

/** Release blockers that time (the engine catching up) lifts by itself. */
const TRANSIENT_BLOCKERS = new Set(['not-assessed', 'duties-unsettled', 'awaiting-arrival']);
const DECISION_STATUS = { release: 'released', hold: 'held', reject: 'rejected', examine: 'examination' } as const;
const POLL_MS = 100;

export class DemoPlayer {
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(readonly api: ApiClient, private readonly timeoutMs: number) {}

  /** Reachable, in DEV_MODE: said plainly when not. */
  async preflight(): Promise<void> {
    const response = await this.api.request('POST', '/v1/dev/tokens', { body: { role: 'auditor' } });
    if (response.status === 200 && typeof response.body?.token === 'string') {
      this.tokens.set(JSON.stringify({ role: 'auditor' }), Promise.resolve(response.body.token));
      return;
    }
    if (response.status === 404) {
      const health = await this.api.request('GET', '/health').catch(() => null);
      if (health && health.status < 500 && typeof health.body === 'object') {
        throw new CliError(`the server at ${this.api.baseUrl} is not in DEV_MODE (POST /v1/dev/tokens is 404): start it with \`npm start\`, or with DEV_MODE=on`);
      }
      throw new CliError(`${this.api.baseUrl} does not look like a Single Window server (POST /v1/dev/tokens and GET /health are not there): check --url`);
    }
    throw new ApiError('POST', '/v1/dev/tokens', response);
  }

  token(claims: Record<string, string>): Promise<string> {
    const key = JSON.stringify(claims);
    let token = this.tokens.get(key);
    if (!token) {
      token = this.api.request('POST', '/v1/dev/tokens', { body: claims }).then((response) => {
        if (response.status !== 200) throw new ApiError('POST', '/v1/dev/tokens', response);
        return response.body.token as string;
      });
      token.catch(() => this.tokens.delete(key));
      this.tokens.set(key, token);
    }
    return token;
  }

  async play(story: DemoStory, repetition: number, tag?: string): Promise<ShipmentResult> {
    const body = instantiate(story.declaration, repetition, tag);
    const idempotencyKey = `swctl-demo/${tag ? `${tag}/` : ''}${story.id}/${repetition}`;
    const result: ShipmentResult = {
      demo: story.id, repetition, id: null, mode: body.mode, status: 'not submitted', expected: story.expect, asTold: false, created: false,
      idempotencyKey, steps: [], completeDeclaration: null, note: null, error: null, story: story.story,
    };
    const enterprise = () => this.token({ role: 'enterprise', uscc: story.enterprise });
    try {
      const submitted = await this.api.request('POST', '/v1/declarations', { body, token: await enterprise(), headers: { 'idempotency-key': idempotencyKey } });
      if (submitted.status !== 202) {
        if (submitted.body?.code === 'idempotency-key-reused') {
          throw new CliError(`the Idempotency-Key ${idempotencyKey} was used with another body: the story changed since it was loaded (use --tag for a fresh set)`);
        }
        throw new ApiError('POST', '/v1/declarations', submitted);
      }
      const id: string = submitted.body.id;
      result.id = id;
      result.created = submitted.headers.get('idempotent-replayed') !== 'true';
      const shipment: Shipment = { id, body, view: () => this.view(id, enterprise) };

      let refusal: string | null = null;
      for (const step of story.steps) {
        const outcome = await this.step(step, shipment, enterprise);
        result.steps.push(outcome);
        if (outcome.result === 'failed') throw new StepFailed(`${step.do}: ${outcome.detail}`);
        if (outcome.result === 'refused') {
          refusal = `${step.do}${'agency' in step ? ` (${step.agency})` : ''} refused: ${outcome.detail}`;
          break;
        }
      }

      const final = await this.settle(shipment, story.expect);
      result.status = final.status;
      result.mode = final.mode;
      result.completeDeclaration = final.completeDeclaration?.status ?? null;
      result.asTold = final.status === story.expect && refusal === null;
      if (!result.asTold) {
        // The cause first (random selection, an alert…), then what it stopped.
        const why = await this.explain(id, final);
        result.note = refusal ? (why ? `${why}; ${refusal}` : refusal) : why || `ended ${final.status}`;
      }
    } catch (error) {
      result.error = (error as Error).message;
    }
    return result;
  }

  /** The status view, or null until the projection has it. */
  private async view(id: string, enterprise: () => Promise<string>): Promise<View | null> {
    const response = await this.api.request<View>('GET', `/v1/declarations/${id}`, { token: await enterprise() });
    if (response.status === 404) return null;
    if (response.status !== 200) throw new ApiError('GET', `/v1/declarations/${id}`, response);
    return response.body;
  }

  /** Polls the view until `ready` holds; returns the last view and whether it held. */
  private async until(shipment: Shipment, ready: (view: View) => boolean, timeoutMs = this.timeoutMs): Promise<{ view: View; met: boolean }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const view = await shipment.view();
      if (view && ready(view)) return { view, met: true };
      if (Date.now() >= deadline) {
        if (!view) throw new CliError(`declaration ${shipment.id} did not appear in the status view within ${timeoutMs / 1000} s: are the server's workers running?`);
        return { view, met: false };
      }
      await sleep(POLL_MS);
    }
  }

  private async step(step: DemoStep, shipment: Shipment, enterprise: () => Promise<string>): Promise<StepResult> {
    const { id, body } = shipment;
    const done = (detail: string): StepResult => ({ do: step.do, ...agencyOf(step), result: 'done', detail });
    const skipped = (detail: string): StepResult => ({ do: step.do, ...agencyOf(step), result: 'skipped', detail });
    const refused = (detail: string): StepResult => ({ do: step.do, ...agencyOf(step), result: 'refused', detail });
    const failed = (method: string, route: string, response: ApiResponse): StepResult => ({ do: step.do, ...agencyOf(step), result: 'failed', detail: `${method} ${route}: ${problemText(response)}` });

    switch (step.do) {
      case 'arrival': {
        const { view } = await this.until(shipment, () => true);
        if (view.arrival) return skipped(`already arrived at ${view.arrival.arrivedAt}`);
        const report = { billOfLading: body.transport.billOfLading, conveyance: body.transport.conveyance, portOfEntry: body.portOfEntry };
        const response = await this.api.request('POST', '/v1/arrivals', { body: report, token: await this.token({ role: 'port-operator' }) });
        if (response.status !== 202) return failed('POST', '/v1/arrivals', response);
        return done(`arrival of ${report.billOfLading} reported at ${report.portOfEntry}`);
      }

      case 'manifest': {
        const kilograms = body.items.reduce((sum, item) => sum + (item.unit === '035' && typeof item.quantity === 'number' ? item.quantity : 0), 0);
        const manifest = {
          conveyance: body.transport.conveyance, transportMode: body.transport.mode, direction: body.direction, portOfEntry: body.portOfEntry, expectedAt: new Date().toISOString(),
          billsOfLading: [{ number: body.transport.billOfLading, consignee: body.declarant.name, packages: body.items.length, grossWeightKg: kilograms || 1000, description: String(body.items[0]?.description ?? 'goods') }],
        };
        const response = await this.api.request<{ id: string; code?: string }>('POST', '/v1/manifests', { body: manifest, token: await this.token({ role: 'carrier', uscc: DEMO_CARRIER }) });
        if (response.status === 409 && response.body?.code === 'bill-of-lading-on-another-manifest') return skipped(`${manifest.billsOfLading[0]!.number} is already on a manifest`);
        if (response.status !== 201) return failed('POST', '/v1/manifests', response);
        return done(`manifest ${response.body.id} lists ${manifest.billsOfLading[0]!.number} on ${manifest.conveyance} at ${manifest.portOfEntry}`);
      }

      case 'pay-duties': {
        const view = await this.assessedDuties(shipment);
        if (view.duties.settled === 'paid') return skipped(`duties already paid (CNY ${money(view.duties.paid)})`);
        if (view.duties.assessed === null || view.duties.assessed <= 0) return skipped('no duties assessed: nothing to pay');
        const amount = round2(view.duties.assessed - view.duties.paid);
        const route = `/v1/declarations/${id}/payments`;
        // The declarant instructs the payment; only its bank's confirmation settles the duties.
        const settlement = { amount, currency: 'CNY', reference: reference(id, 'TAX') };
        const response = await this.api.request('POST', route, { body: settlement, token: await enterprise() });
        if (response.status !== 202) return failed('POST', route, response);
        const confirmed = await this.confirmByBank(id, 'payment', settlement);
        if (confirmed.status !== 202) return failed('POST', '/v1/bank/confirmations', confirmed);
        return done(`paid CNY ${money(amount)}, confirmed by the bank`);
      }

      case 'guarantee': {
        let amount = step.amount;
        let view: View;
        if (amount === undefined) {
          view = await this.assessedDuties(shipment);
          if (view.duties.assessed === null || view.duties.assessed <= 0) return refused('no duties assessed and the step names no amount');
          amount = round2(view.duties.assessed);
        } else {
          view = (await this.until(shipment, () => true)).view;
        }
        if (view.duties.settled !== 'none') return skipped(`duties already ${view.duties.settled}`);
        const currency = step.currency ?? 'CNY';
        const route = `/v1/declarations/${id}/guarantee`;
        const settlement = { amount, currency, reference: reference(id, 'BG') };
        const response = await this.api.request('POST', route, { body: settlement, token: await enterprise() });
        if (response.status !== 202) return failed('POST', route, response);
        const confirmed = await this.confirmByBank(id, 'guarantee', settlement);
        if (confirmed.status !== 202) return failed('POST', '/v1/bank/confirmations', confirmed);
        return done(`guarantee of ${currency} ${money(amount)} lodged, confirmed by the bank`);
      }

      case 'decide': {
        // The agency's case must be open and assessed before an officer decides.
        const { view, met } = await this.until(shipment, (v) => Object.keys(v.agencies).length > 0 && (!v.agencies[step.agency] || !!v.agencies[step.agency]!.lane));
        if (!met) return refused(`the ${step.agency} case was not assessed within ${this.timeoutMs / 1000} s`);
        const current = view.agencies[step.agency];
        if (!current) return refused(`the declaration is not routed to ${step.agency} (routed: ${Object.keys(view.agencies).join(', ')})`);
        if (current.status === DECISION_STATUS[step.decision]) return skipped(`${step.agency} already ${current.status}`);
        const route = `/v1/agencies/${step.agency}/cases/${id}/decisions`;
        const officer = await this.token({ role: 'officer', agency: step.agency });
        const deadline = Date.now() + this.timeoutMs;
        for (;;) {
          const response = await this.api.request('POST', route, { body: { decision: step.decision, reason: step.reason }, token: officer });
          if (response.status === 202) return done(`${step.agency} officer: ${step.decision}`);
          if (response.status !== 409) return failed('POST', route, response);
          const code = response.body?.code as string | undefined;
          if (code === `case-${DECISION_STATUS[step.decision]}`) return skipped(`${step.agency} already ${DECISION_STATUS[step.decision]}`);
          const blockers: string[] = Array.isArray(response.body?.blockers) ? response.body.blockers : [];
          // Duties paid a moment ago reach the customs case asynchronously: wait for them.
          const waiting = code === 'release-blocked' && blockers.length > 0 && blockers.every((b) => TRANSIENT_BLOCKERS.has(b));
          if (!waiting || Date.now() >= deadline) return refused(problemDetail(response));
          await sleep(POLL_MS * 2);
        }
      }

      case 'complete': {
        const { view } = await this.until(shipment, () => true);
        if (view.completeDeclaration?.status === 'filed') return skipped('the complete declaration is already filed');
        const route = `/v1/declarations/${id}/complete`;
        const payload = { items: step.items ?? body.items, ...(step.documents ? { documents: step.documents } : {}) };
        const response = await this.api.request('POST', route, { body: payload, token: await enterprise() });
        if (response.status === 409 && response.body?.code === 'already-filed') return skipped('the complete declaration is already filed');
        if (response.status === 409) return refused(problemDetail(response));
        if (response.status !== 202) return failed('POST', route, response);
        return done('complete declaration (完整申报) filed');
      }

      case 'withdraw': {
        // After every routed agency has assessed it: the story shows the cases being closed.
        const { view } = await this.until(shipment, (v) => v.status === 'withdrawn' || (Object.keys(v.agencies).length > 0 && Object.values(v.agencies).every((a) => !!a?.lane)));
        if (view.status === 'withdrawn') return skipped('already withdrawn');
        const route = `/v1/declarations/${id}/withdraw`;
        const response = await this.api.request('POST', route, { body: { reason: step.reason }, token: await enterprise() });
        if (response.status === 409) return refused(problemDetail(response));
        if (response.status !== 202) return failed('POST', route, response);
        return done('withdrawn');
      }

      case 'gate': {
        const { view, met } = await this.until(shipment, (v) => v.status === 'released' || v.status === 'exited' || blocked(v, 'released'));
        if (view.status === 'exited') return skipped('the conveyance already left');
        if (!met || view.status !== 'released') return refused(`not released (${view.status}${met ? '' : ` after ${this.timeoutMs / 1000} s`})`);
        const pass = { conveyance: body.transport.conveyance, portOfEntry: body.portOfEntry };
        const gate = await this.token({ role: 'gate' });
        const deadline = Date.now() + this.timeoutMs;
        for (;;) {
          const response = await this.api.request('POST', '/v1/gate/passes', { body: pass, token: gate });
          if (response.status !== 200) return failed('POST', '/v1/gate/passes', response);
          if (response.body?.open) return done(`the gate opened for ${pass.conveyance}`);
          if (Date.now() >= deadline) return refused(`the gate stayed closed: ${(response.body?.reasons ?? []).join('; ')}`);
          await sleep(POLL_MS * 2);
        }
      }
    }
  }

  /**
   * Why a shipment went another way, from what its agencies found: read as an auditor, since
   * the declarant's view leaves the risk reasons out.
   */
  private async explain(id: string, fallback: View): Promise<string> {
    try {
      const response = await this.api.request<View>('GET', `/v1/declarations/${id}`, { token: await this.token({ role: 'auditor' }) });
      if (response.status === 200) return explain(response.body);
    } catch {
      /* the declarant's view will do */
    }
    return explain(fallback);
  }

  /**
   * The view once customs has assessed the duties. DutiesAssessed comes with RiskAssessed
   * when something is owed; none comes when nothing is (exports, a summary without values).
   */
  /** The demo's bank (工商银行) confirms what the declarant instructed: money customs can trust. */
  private async confirmByBank(declarationId: string, kind: 'payment' | 'guarantee', settlement: { amount: number; currency: string; reference: string }): Promise<ApiResponse> {
    const body = { ...settlement, declarationId, kind, status: 'confirmed' };
    return this.api.request('POST', '/v1/bank/confirmations', { body, token: await this.token({ role: 'bank', bank: 'ICBC' }) });
  }

  private async assessedDuties(shipment: Shipment): Promise<View> {
    const { view, met } = await this.until(shipment, (v) => v.duties.assessed !== null);
    if (met) return view;
    if (view.agencies.customs?.lane) return view; // assessed, nothing owed
    throw new CliError(`customs did not assess declaration ${shipment.id} within ${this.timeoutMs / 1000} s: are the server's workers running?`);
  }

  /** Waits for the expected status, or until the shipment clearly went another way. */
  private async settle(shipment: Shipment, expected: Status): Promise<View> {
    let blockedSince: number | null = null;
    const { view } = await this.until(shipment, (v) => {
      if (v.status === expected) return true;
      if (!blocked(v, expected)) {
        blockedSince = null;
        return false;
      }
      blockedSince ??= Date.now();
      return Date.now() - blockedSince > 1000; // stable for a second: it is not moving on
    });
    return view;
  }
}

interface Shipment {
  id: string;
  body: Declaration;
  view(): Promise<View | null>;
}

/** Whether a shipment cannot reach `expected` without something the story does not do. */
function blocked(view: View, expected: Status): boolean {
  if (view.status === expected) return false;
  if (view.status === 'withdrawn' || view.status === 'rejected' || view.status === 'exited') return true;
  if (view.status === 'released') return expected !== 'exited';
  if (view.status === 'examination' || view.status === 'held') return expected !== 'examination' && expected !== 'held';
  return false;
}

/** Why a shipment is where it is, from its agencies' lanes and reasons ('' when nothing stands out). */
function explain(view: View): string {
  const reasons: string[] = [];
  for (const [agency, facts] of Object.entries(view.agencies)) {
    if (!facts) continue;
    const random = facts.reasons.find((r) => r.startsWith('random-selection') || r.includes('[sampled at'));
    if (facts.status === 'examination' && random) reasons.push(`random selection (双随机) sent ${agency} to examination`);
    else if (facts.status === 'examination') reasons.push(`${agency} examination pending`);
    else if (facts.status === 'held') reasons.push(`${agency} held`);
    else if (facts.status === 'rejected') reasons.push(`${agency} rejected`);
    else if (facts.status === 'pending' && facts.lane === 'documents') reasons.push(`${agency} waits for an officer (documents lane)`);
  }
  return reasons.join('; ');
}

function agencyOf(step: DemoStep): { agency?: Agency } {
  return step.do === 'decide' ? { agency: step.agency } : {};
}

/**
 * The story's declaration for a repetition: the first (without a tag) as written; the others,
 * and every tagged set, with the bill of lading and a land vehicle's plate suffixed, so their
 * arrivals and gate passes match them alone.
 */
export function instantiate(declaration: Declaration, repetition: number, tag?: string): Declaration {
  const body = JSON.parse(JSON.stringify(declaration)) as Declaration;
  if (repetition === 1 && !tag) return body;
  const suffix = createHash('sha256').update(`${tag ?? ''}/${repetition}`).digest('hex').slice(0, 6).toUpperCase();
  const withSuffix = (value: string) => `${value.slice(0, 40 - suffix.length - 1)}-${suffix}`;
  body.transport.billOfLading = withSuffix(body.transport.billOfLading);
  if (body.transport.mode === '3' || body.transport.mode === '4') body.transport.conveyance = withSuffix(body.transport.conveyance);
  return body;
}

/** What a 409 says, without the status line. */
const problemDetail = (response: ApiResponse) => (typeof response.body?.detail === 'string' ? response.body.detail : problemText(response));

/** A payment or guarantee reference of the shipment: the same on every run, so counted once. */
const reference = (id: string, kind: string) => `DEMO-${id.replace(/-/g, '').slice(0, 12).toUpperCase()}-${kind}`;
const round2 = (n: number) => Math.round((n + Number.EPSILON) * 100) / 100;
const money = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
