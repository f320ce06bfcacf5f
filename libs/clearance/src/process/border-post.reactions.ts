import type { Without } from '@sw/event-store';
import { CONVEYANCE_CHECKS, findingSource, type ExaminationEvent, type ResultSource } from '@sw/examination';
import { crossingAlerts, type CrossingCommand, type CrossingEvent, type ManifestCommand, type ManifestEvent } from '@sw/manifest';
import { arrivalMatches, type ActiveAlert, type CheckKind } from '@sw/shipment';
import type { ManifestedBill, OpenCrossing } from './border-post.tables';

/**
 * The border post in the clearance process, pure like the rest of it (reactions.ts): manifests
 * (舱单) confirm the imports they carry and are marked arrived by the arrival report; conveyance
 * crossings (运输工具申报) are assessed by border check against the active alerts, and held by an
 * alert raised later (执法互助).
 */
export type BorderPostAction =
  | { type: 'record-manifest-bills'; manifestId: string; conveyance: string; portOfEntry: string; added: string[]; removed: string[] }
  | { type: 'manifest'; manifestId: string; command: Without<ManifestCommand, 'now'> }
  /** 'assess' is AssessCrossing with the active alerts the runner has. */
  | { type: 'crossing'; crossingId: string; command: Without<CrossingCommand, 'now'> | { type: 'assess' } }
  | { type: 'record-crossing'; crossing: OpenCrossing & { declaredAt: string } }
  | { type: 'close-crossing'; crossingId: string }
  /** 一次查验 of a truck: a conveyance check passed for declaration `from` is recognized in the examination of another on board. */
  | { type: 'recognize-on-conveyance'; declarationId: string; check: CheckKind; by: ResultSource; crossingId: string; from: string };

/** What a shipment needs to be confirmed by a manifest: its declaration's port, conveyance and customs case. */
export interface ManifestReach {
  declarationId: string;
  agencies: readonly string[];
  declaration: { portOfEntry: string; transport: { conveyance: string } } | null;
}

type ConfirmManifest = { type: 'case'; declarationId: string; agency: 'customs'; command: { type: 'ConfirmManifest'; manifestId: string } };

/**
 * A manifest filed or amended: its bills are recorded, and each open import on a bill it added
 * that names its conveyance and port is confirmed (the customs case's ConfirmManifest; a case that
 * needs no manifest ignores it).
 */
export function onManifest(event: ManifestEvent, reached: readonly ManifestReach[]): (BorderPostAction | ConfirmManifest)[] {
  if (event.type === 'ManifestArrived') return [];
  const { manifestId, conveyance, portOfEntry } = event.data;
  const added = event.type === 'ManifestFiled' ? event.data.billsOfLading.map((b) => b.number) : event.data.added;
  const removed = event.type === 'ManifestAmended' ? event.data.removed : [];
  return [
    { type: 'record-manifest-bills', manifestId, conveyance, portOfEntry, added, removed },
    ...reached
      .filter((shipment) => shipment.agencies.includes('customs') && shipment.declaration && arrivalMatches({ portOfEntry, conveyance }, shipment.declaration))
      .map((shipment): ConfirmManifest => ({ type: 'case', declarationId: shipment.declarationId, agency: 'customs', command: { type: 'ConfirmManifest', manifestId } })),
  ];
}

/** An arrival report marks arrived the manifest that lists its bill for that conveyance and port: no amendment after it. */
export function manifestsArrived(arrival: { billOfLading: string; conveyance: string; portOfEntry: string; arrivedAt: string }, manifests: readonly ManifestedBill[]): BorderPostAction[] {
  return manifests
    .filter((manifest) => arrivalMatches(arrival, { portOfEntry: manifest.portOfEntry, transport: { conveyance: manifest.conveyance } }))
    .map((manifest) => ({ type: 'manifest', manifestId: manifest.manifestId, command: { type: 'RecordManifestArrival', billOfLading: arrival.billOfLading, arrivedAt: arrival.arrivedAt } }));
}

/** A crossing declared is assessed by border check; one exited or refused is no longer open. */
export function onCrossing(event: CrossingEvent): BorderPostAction[] {
  switch (event.type) {
    case 'CrossingDeclared': {
      const { crossingId, conveyance, portOfEntry, crew, declarations, empty, declaredAt } = event.data;
      return [
        { type: 'record-crossing', crossing: { crossingId, conveyance, portOfEntry, crew, declarations, empty, declaredAt } },
        { type: 'crossing', crossingId, command: { type: 'assess' } },
      ];
    }
    case 'CrossingExited':
    case 'CrossingRefused':
      return [{ type: 'close-crossing', crossingId: event.data.crossingId }];
    default:
      return [];
  }
}

/** 执法互助: an alert raised holds the open crossings of its vehicle or crew (the decider checks the match). */
export function crossingsForAlert(alert: ActiveAlert, crossings: readonly OpenCrossing[]): BorderPostAction[] {
  if (alert.subject.kind !== 'conveyance' && alert.subject.kind !== 'crew') return [];
  return crossings.filter((crossing) => crossingAlerts(crossing, [alert]).length > 0).map((crossing) => ({ type: 'crossing', crossingId: crossing.crossingId, command: { type: 'HoldCrossingForAlert', alert } }));
}

/**
 * 一次查验 of a truck (监管互认): a check of the whole conveyance (its scan, the vehicle, the crew)
 * passed in the examination of one declaration serves every other declaration on the crossings
 * that carry it; a failure is not shared (each declaration's officers see their own). Only the
 * open crossings count: a truck that has left is no longer the one scanned.
 */
export function conveyanceChecksPassed(event: ExaminationEvent, declarationId: string, crossings: readonly OpenCrossing[]): BorderPostAction[] {
  if (event.type !== 'FindingsRecorded') return [];
  const passed = event.data.findings.filter((finding) => finding.result === 'pass' && CONVEYANCE_CHECKS.includes(finding.check));
  return crossings.filter((crossing) => crossing.declarations.includes(declarationId)).flatMap((crossing) =>
    crossing.declarations.filter((other) => other !== declarationId).flatMap((other) => passed.map((finding): BorderPostAction => ({
      type: 'recognize-on-conveyance', declarationId: other, check: finding.check, by: findingSource(finding), crossingId: crossing.crossingId, from: declarationId,
    }))));
}
