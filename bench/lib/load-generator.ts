/**
 * The e2e load generator, run by bench/e2e-run.ts as a child process of its own
 * (`node dist/bench/lib/load-generator.js '<json config>'`, forked with an IPC channel), so
 * that its CPU is its own and measurable, apart from the bench's and the server's.
 *
 * `concurrency` clients each submit green-lane declarations back to back over keep-alive HTTP
 * for warm-up + measure seconds (or, with `ratePerSecond`, at that rate: open loop). Every `sampleEvery`-th accepted declaration is followed to
 * `released` through its status stream (GET /v1/declarations/{id}/stream, server-sent events):
 * the stream answers 404 until the status projection has seen the declaration, so the follower
 * retries with a short backoff, then reads status events until one says `released`.
 *
 * Messages to the parent: {type:'measure-start'} and {type:'measure-end'} at the window's
 * edges (the parent samples CPU and database counters there), then {type:'result', ...}.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { greenLaneDeclaration } from './green-lane';
import { requestJson } from './http';
import { percentile, round } from './stats';

export interface LoadGeneratorConfig {
  url: string;
  token: string;
  concurrency: number;
  /**
   * Open loop: submissions start at this rate (slot i at i/rate seconds), `concurrency` at most
   * in flight. Without it, closed loop: each client submits again as soon as it is answered.
   */
  ratePerSecond?: number;
  warmupMs: number;
  measureMs: number;
  sampleEvery: number;
  /**
   * How long after the window followed declarations may take to be released. One still not
   * released then counts with the time waited so far (a lower bound: `censored`).
   */
  drainTimeoutMs: number;
}

export interface LoadGeneratorResult {
  type: 'result';
  window: { ms: number; submitted: number; submittedPerSecond: number };
  submitLatencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** Submission (start of the POST) to the `released` status event, for followed declarations submitted in the window. */
  releaseLatencyMs: { p50: number; p90: number; p99: number; max: number; mean: number; samples: number; censored: number; notGreen: number };
  /** Status-stream answers of 404 (view not there yet) per followed declaration: the cost of following. */
  streamRetriesPerFollow: number;
  errors: Record<string, number>;
  firstErrors: string[];
  /** Per second of the run (warm-up included): submissions answered, followed declarations released. */
  timeline: { second: number; submitted: number; released: number }[];
  /** ids of every declaration accepted in the window (replay samples them). */
  acceptedIds: string[];
  cpuSeconds: number;
  /** CPU of the whole run (warm-up, window, following) and the submissions it made. */
  totalCpuSeconds: number;
  totalSubmitted: number;
  /** Of those, answered 202 (accepted) and 503 (refused by admission control: shed). */
  totalAccepted: number;
  totalShed: number;
}

type Send = (message: unknown) => void;

function summary(values: number[]) {
  const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
  return {
    p50: round(percentile(values, 50), 2), p90: round(percentile(values, 90), 2), p99: round(percentile(values, 99), 2),
    max: round(percentile(values, 100), 2), mean: round(mean, 2),
  };
}

export async function runLoad(config: LoadGeneratorConfig, send: Send): Promise<LoadGeneratorResult> {
  const base = new URL(config.url);
  const auth = { authorization: `Bearer ${config.token}` };
  const agent = new http.Agent({ keepAlive: true, maxSockets: config.concurrency, maxFreeSockets: config.concurrency });
  // Streams end with the socket destroyed: no reuse, so no keep-alive for them.
  const streamAgent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

  const started = performance.now();
  const measureStart = started + config.warmupMs;
  const measureEnd = measureStart + config.measureMs;
  const cpuAtStart = { value: process.cpuUsage() };
  const cpuAtRunStart = process.cpuUsage();
  let cpuInWindow = 0;

  const latencies: number[] = [];
  const releases: number[] = [];
  const acceptedIds: string[] = [];
  const errors: Record<string, number> = {};
  const firstErrors: string[] = [];
  const timeline = new Map<number, { submitted: number; released: number }>();
  const bucket = (t: number) => {
    const second = Math.floor((t - started) / 1000);
    let entry = timeline.get(second);
    if (!entry) timeline.set(second, (entry = { submitted: 0, released: 0 }));
    return entry;
  };
  const fail = (key: string, detail: string) => {
    errors[key] = (errors[key] ?? 0) + 1;
    if (firstErrors.length < 5) firstErrors.push(detail.slice(0, 500));
  };
  let accepted = 0;
  let totalSubmitted = 0;
  let totalShed = 0;
  let censored = 0;
  let notGreen = 0;
  let follows = 0;
  let streamRetries = 0;
  const followers: Promise<void>[] = [];

  const windowTimer = setTimeout(() => {
    cpuAtStart.value = process.cpuUsage();
    send({ type: 'measure-start' });
    setTimeout(() => {
      const used = process.cpuUsage(cpuAtStart.value);
      cpuInWindow = (used.user + used.system) / 1e6;
      send({ type: 'measure-end' });
    }, config.measureMs);
  }, config.warmupMs);

  /** Follows one declaration's status stream until it says `released` (or something else final). */
  const follow = (id: string, submittedAt: number, record: boolean): Promise<void> => new Promise((resolve) => {
    follows++;
    const giveUpAt = measureEnd + config.drainTimeoutMs;
    let delay = 5;
    let done = false;
    const finish = (outcome: 'released' | 'other' | 'missing', at: number) => {
      if (done) return;
      done = true;
      if (record) {
        if (outcome === 'released') releases.push(at - submittedAt);
        else if (outcome === 'other') notGreen++;
        else {
          censored++;
          releases.push(at - submittedAt); // not released yet: at least this long
        }
      }
      if (outcome === 'released') bucket(at).released++;
      resolve();
    };
    const open = () => {
      if (performance.now() > giveUpAt) return finish('missing', performance.now());
      const req = http.request({
        agent: streamAgent, host: base.hostname, port: base.port, method: 'GET', path: `/v1/declarations/${id}/stream`,
        headers: { accept: 'text/event-stream', ...auth },
      }, (res) => {
        if (res.statusCode === 404) {
          res.resume();
          res.on('end', () => {
            streamRetries++;
            setTimeout(open, delay);
            delay = Math.min(50, delay * 2);
          });
          return;
        }
        if (res.statusCode !== 200) {
          res.resume();
          fail(`stream ${res.statusCode}`, `GET ${id}/stream: ${res.statusCode}`);
          return finish('missing', performance.now());
        }
        let buffer = '';
        const timeout = setTimeout(() => {
          req.destroy();
          finish('missing', performance.now());
        }, Math.max(0, giveUpAt - performance.now()));
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trimStart()).join('\n');
            if (!data) continue;
            let view: { status?: string };
            try {
              view = JSON.parse(data);
            } catch {
              continue;
            }
            const status = view.status;
            if (status === 'released' || status === 'exited') finish('released', performance.now());
            else if (status === 'rejected' || status === 'withdrawn' || status === 'held' || status === 'examination') finish('other', performance.now());
            if (done) {
              clearTimeout(timeout);
              req.destroy();
              return;
            }
          }
        });
        res.on('error', () => undefined);
        res.on('close', () => {
          clearTimeout(timeout);
          if (!done) setTimeout(open, delay); // the stream ended early: open it again
        });
      });
      req.on('error', (error) => {
        if (done) return;
        fail('stream network', String(error));
        setTimeout(open, 50);
      });
      req.end();
    };
    setTimeout(open, delay);
  });

  let nextSlot = 0;
  const worker = async () => {
    while (performance.now() < measureEnd) {
      if (config.ratePerSecond) {
        const at = started + (nextSlot++ * 1000) / config.ratePerSecond;
        const wait = at - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        if (performance.now() >= measureEnd) break;
      }
      const t0 = performance.now();
      let response;
      try {
        response = await requestJson(agent, base, 'POST', '/v1/declarations', greenLaneDeclaration(), auth);
      } catch (error) {
        fail('network', String(error));
        await new Promise((resolve) => setTimeout(resolve, 10));
        continue;
      }
      const t1 = performance.now();
      totalSubmitted++;
      if (response.status === 503) totalShed++;
      if (response.status !== 202) {
        fail(String(response.status), `POST /v1/declarations: ${response.status} ${JSON.stringify(response.body)}`);
        continue;
      }
      bucket(t1).submitted++;
      const inWindow = t1 >= measureStart && t1 < measureEnd;
      if (inWindow) {
        latencies.push(t1 - t0);
        acceptedIds.push(response.body.id);
      }
      if (accepted++ % config.sampleEvery === 0) followers.push(follow(response.body.id, t0, t0 >= measureStart && t0 < measureEnd));
    }
  };
  await Promise.all(Array.from({ length: config.concurrency }, () => worker()));
  clearTimeout(windowTimer);
  await Promise.all(followers);
  agent.destroy();
  streamAgent.destroy();

  const seconds = [...timeline.keys()].sort((a, b) => a - b);
  return {
    type: 'result',
    window: { ms: config.measureMs, submitted: latencies.length, submittedPerSecond: round(latencies.length / (config.measureMs / 1000), 1) },
    submitLatencyMs: summary(latencies),
    releaseLatencyMs: { ...summary(releases), samples: releases.length, censored, notGreen },
    streamRetriesPerFollow: round(streamRetries / Math.max(1, follows), 2),
    errors,
    firstErrors,
    timeline: seconds.map((second) => ({ second, ...timeline.get(second)! })),
    acceptedIds,
    cpuSeconds: round(cpuInWindow, 3),
    totalCpuSeconds: (() => {
      const used = process.cpuUsage(cpuAtRunStart);
      return round((used.user + used.system) / 1e6, 3);
    })(),
    totalSubmitted,
    totalAccepted: accepted,
    totalShed,
  };
}

if (require.main === module) {
  const send: Send = (message) => process.send?.(message);
  const config = JSON.parse(process.argv[2]) as LoadGeneratorConfig;
  runLoad(config, send).then(
    (result) => {
      process.send!(result, () => process.exit(0));
    },
    (error) => {
      process.send?.({ type: 'error', message: error instanceof Error ? error.stack ?? error.message : String(error) }, () => process.exit(1));
    },
  );
}
