import { randomUUID } from 'node:crypto';
import { AccessDeniedError, BACKWARDS, END, StreamNotFoundError, type EventStoreDBClient } from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../errors';
import { REQUIRED_ACCESS, ignore, translate } from './error-mapping';

/*
 * What the adapter needs of the server, checked when the application starts (and, for the
 * version, before the first read that depends on it): a clear refusal instead of reads that
 * hang or fail later.
 */

/**
 * The oldest server the adapter supports: bounded reads of $all (readAll) end on the "caught up"
 * message of a catch-up subscription, which servers send from EventStoreDB 23.10 on (KurrentDB
 * 25.0 and later are all newer).
 */
export const MINIMUM_SERVER_VERSION = { major: 23, minor: 10 } as const;
export const MINIMUM_SERVER_VERSION_TEXT = `${MINIMUM_SERVER_VERSION.major}.${MINIMUM_SERVER_VERSION.minor}`;

/** The deployment cannot work with this server or user; starting would only fail later. */
export class EventStoreDbSetupError extends Error {
  override readonly name = 'EventStoreDbSetupError';
}

/** `23.10.0.0`, `24.10.5`, `25.0.1-rc.1` → major and minor; null for what is not a version (`unknown`). */
export function parseServerVersion(text: string | undefined): { major: number; minor: number } | null {
  const match = /^(\d+)\.(\d+)(?:\.|$|-)/.exec(text?.trim() ?? '');
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : null;
}

/** Why a server of this version (as the client reports it) cannot serve the adapter; null when it can. */
export function serverVersionProblem(reported: string | undefined): string | null {
  const version = parseServerVersion(reported);
  const needed = `EventStoreDB / KurrentDB ${MINIMUM_SERVER_VERSION_TEXT} or later is required (bounded reads of $all end on the server's "caught up" message, sent from ${MINIMUM_SERVER_VERSION_TEXT} on)`;
  if (!version) {
    // The client reports "unknown" when the server does not answer ServerFeatures (before 21.10).
    return `the server did not report its version (${reported ?? 'nothing'}): it is older than 21.10; ${needed}`;
  }
  const { major, minor } = MINIMUM_SERVER_VERSION;
  if (version.major < major || (version.major === major && version.minor < minor)) return `the server is ${reported}; ${needed}`;
  return null;
}

/** The version the client learnt from the server's ServerFeatures (`unknown` for servers without it). */
export async function reportedServerVersion(client: EventStoreDBClient): Promise<string> {
  // `capabilities` is how the client itself decides what the server supports; it caches it per connection.
  const features = await (client as unknown as { capabilities: Promise<{ serverVersion: string }> }).capabilities;
  return features.serverVersion;
}

async function drain(read: AsyncIterable<unknown> & { on(event: 'error', listener: () => void): unknown }): Promise<void> {
  read.on('error', ignore);
  for await (const _ of read) { /* only whether the server lets us read */ }
}

export interface DeploymentReport {
  serverVersion: string;
  /** What works, but worse than it should (e.g. shipment history without the projection). */
  warnings: string[];
}

/**
 * Checks the server's version and the user's rights: reading $all and a `$bc-` stream (the
 * `$by_correlation_id` projection's), and the projection's status. Throws EventStoreDbSetupError
 * for what makes the deployment unusable, EventStoreUnavailableError when the server cannot be
 * reached (the caller may start anyway and report the store down).
 */
export async function checkDeployment(client: EventStoreDBClient): Promise<DeploymentReport> {
  const fail = (problem: string) => new EventStoreDbSetupError(`EventStoreDB event store cannot be used: ${problem}`);
  let serverVersion: string;
  try {
    serverVersion = await reportedServerVersion(client);
  } catch (error) {
    const translated = translate(error);
    if (translated instanceof EventStoreUnavailableError && !(error instanceof AccessDeniedError)) throw translated;
    throw fail(`the server refused to say its version (${(error as Error).message}); ${REQUIRED_ACCESS}`);
  }
  const versionProblem = serverVersionProblem(serverVersion);
  if (versionProblem) throw fail(versionProblem);

  const probes: [string, () => AsyncIterable<unknown> & { on(event: 'error', listener: () => void): unknown }][] = [
    ['$all', () => client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })],
    ['$bc-*', () => client.readStream(`$bc-${randomUUID()}`, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })],
  ];
  for (const [what, read] of probes) {
    try {
      await drain(read());
    } catch (error) {
      if (error instanceof StreamNotFoundError) continue; // allowed to read it; there is none
      if (error instanceof AccessDeniedError) throw fail(`the server refused to let its user read ${what}: ${REQUIRED_ACCESS}`);
      throw translate(error);
    }
  }

  const warnings: string[] = [];
  const slowHistory = 'shipment history (readByCorrelation) will scan the whole of $all on every request';
  try {
    const details = await client.getProjectionStatus('$by_correlation_id');
    if (details?.projectionStatus !== 'Running') {
      warnings.push(`the $by_correlation_id projection is ${details?.projectionStatus ?? 'missing'}, not Running: ${slowHistory}; run the server with projections (System) and the standard projections started`);
    }
  } catch (error) {
    const translated = translate(error);
    if (translated instanceof EventStoreUnavailableError && !(error instanceof AccessDeniedError)) throw translated;
    warnings.push(`the status of the $by_correlation_id projection cannot be read (${(error as Error).message}): ${slowHistory}`);
  }
  return { serverVersion, warnings };
}
