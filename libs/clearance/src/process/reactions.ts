import type { AgencyCaseCommand, AgencyCaseEvent } from '@sw/agency-case';
import type { ArrivalEvent, DeclarationCommand, DeclarationEvent } from '@sw/declaration';
import type { Without } from '@sw/event-store';
import type { ExaminationEvent } from '@sw/examination';
import type { GeneralGuaranteeEvent, InstructionCommand, InstructionEvent } from '@sw/money';
import { alertMatches, arrivalMatches, CASE_STREAM, consigneeOf, type Agency, type CaseDeclaration, type CheckKind } from '@sw/shipment';
import type { CrossingEvent, ManifestEvent } from '@sw/manifest';
import type { AlertEvent } from '../domain/alert';
import { conveyanceChecksPassed, crossingsForAlert, manifestsArrived, onCrossing, onManifest, type BorderPostAction } from './border-post.reactions';
import type { ManifestedBill, OpenCrossing } from './border-post.tables';

/**
 * The clearance process as a pure function (一次申报, 一次放行): what to do when an event comes
 * back, given what the process knows of the shipment. The runner (runner.ts) loads that
 * knowledge, carries the actions out and stores the tables (clearance.tables.ts).
 */
export type ShipmentStatus = 'open' | 'released' | 'rejected' | 'withdrawn' | 'exited';

/** What the process keeps of a shipment (a row of clearance_shipments). */
export interface Shipment {
  declarationId: string;
  /** null: the declaration has no 提运单号 (its transport mode has no carrier's document), so no arrival report reaches it. */
  billOfLading: string | null;
  agencies: Agency[];
  released: Agency[];
  status: ShipmentStatus;
  /** The declaration as submitted, which alerts are matched against. */
  declaration: CaseDeclaration | null;
}

export interface ReactionInput {
  /** The shipment the event belongs to, where the event needs it (see NEEDS_SHIPMENT). */
  shipment?: Shipment | null;
  /** An arrival report: the open shipments on its bill of lading; a raised alert: every open shipment. */
  reached?: readonly Shipment[];
  /** A submission not yet arrived: the arrival already reported for its bill of lading, if any. */
  arrival?: { arrivedAt: string; conveyance: string; portOfEntry: string } | null;
  /** A corrected declaration (amended, resubmitted): its routing now and whether its goods arrived (see NEEDS_DECLARATION). */
  declaration?: { routing: { agencies: Agency[]; reasons: Partial<Record<Agency, string[]>> } | null; arrived: boolean } | null;
  /** A submission: whether release needs a manifest (舱单: imports by road or rail) and the one listing its bill for its conveyance and port, if any. */
  manifest?: { required: boolean; manifestId: string | null };
  /** An arrival report: the manifests that list its bill. */
  manifests?: readonly ManifestedBill[];
  /** A raised alert: the conveyance crossings not yet over; findings recorded: the open crossings carrying the declaration. */
  crossings?: readonly OpenCrossing[];
}

type CaseCommand = Without<AgencyCaseCommand, 'now'>;
type DeclarationAction = Without<DeclarationCommand, 'now'>;
type InstructionAction = Without<InstructionCommand, 'now'>;

export type Action =
  /** Open every routed agency's case (opened, assessed, released when nothing holds it) and record the shipment. */
  | { type: 'open-cases'; declarationId: string; declaration: CaseDeclaration; arrived: boolean; manifest?: 'missing' | 'on-manifest' }
  | BorderPostAction
  /** A command to one agency's case; 'assess' is AssessRisk with the draw and the active alerts the runner has. */
  | { type: 'case'; declarationId: string; agency: Agency; command: CaseCommand | { type: 'assess' } }
  | { type: 'declaration'; declarationId: string; command: DeclarationAction }
  /** A command to a payment or guarantee instruction (a refund customs orders). */
  | { type: 'instruction'; declarationId: string; reference: string; command: InstructionAction }
  /** The shipment's one examination (一次查验): the first agency schedules it, later ones join it. */
  | { type: 'examine'; declarationId: string; agency: Agency; checks: CheckKind[]; reason: string; /** 复验: a further round of a completed examination. */ again?: boolean }
  /** 一次放行, with 核销 of the licences it uses. */
  | { type: 'release'; declarationId: string; agencies: Agency[] }
  | { type: 'record-released'; declarationId: string; agency: Agency }
  | { type: 'set-status'; declarationId: string; status: ShipmentStatus }
  /** A corrected declaration: the shipment's row takes its new snapshot and agencies; before release none has released it yet. */
  | { type: 'record-revision'; declarationId: string; declaration: CaseDeclaration; agencies: Agency[]; resetReleased: boolean }
  | { type: 'record-arrival'; billOfLading: string; arrivedAt: string; conveyance: string; portOfEntry: string }
  /** 汇总征税: a general guarantee lodged, recorded by holder; a consolidated declaration's duties drawn on its holder's guarantee. */
  | { type: 'record-guarantee'; id: string; holder: string; validUntil: string; lodgedAt: string }
  /** part 'final': 两步申报, the complete declaration's difference over the summary's draw. */
  | { type: 'draw-guarantee'; declarationId: string; holder: string; amount: number; part?: 'final' }
  /** 两步申报: the complete declaration's duties lower than the summary's draw: the difference goes back to the balance. */
  | { type: 'reduce-draw'; declarationId: string; holder: string; amount: number; reason: string }
  /** A holder's guarantee lodged or its balance restored: its consolidated declarations still waiting for a draw try again. */
  | { type: 'retry-draws'; holder: string } | { type: 'retry-draws'; guaranteeId: string }
  /** The declaration withdrawn or rejected: its unpaid draw on the holder's general guarantee is given back. */
  | { type: 'release-draw'; declarationId: string; holder: string; reason: string }
  | { type: 'record-alert'; alertId: string; event: Extract<AlertEvent, { type: 'AlertRaised' }>['data'] }
  | { type: 'lift-alert'; alertId: string; at: string; reason: string | null }
  | { type: 'schedule-deadline'; id: string; streamId: string; declarationId: string; kind: 'complete-declaration'; dueAt: string }
  | { type: 'settle-deadlines'; where: { id: string } | { declarationId: string } };

/** The event as the process sees it: where it was written, what it says, which shipment it belongs to. */
export interface ProcessEvent {
  streamId: string;
  type: string;
  data: unknown;
  metadata: { correlationId: string };
}

/** Events whose reaction needs the shipment's row. */
export const NEEDS_SHIPMENT: ReadonlySet<string> = new Set([
  'ArrivalRecorded', 'SettlementConfirmed', 'DeclarationWithdrawn', 'LicensesVerified', 'CaseReleased', 'DutiesAssessed', 'DeclarationRejected', 'AmendmentApproved', 'DeclarationResubmitted',
  'FinalDutiesAssessed',
]);
/** Events whose reaction also needs the declaration's routing now (a correction routes it again). */
export const NEEDS_DECLARATION: ReadonlySet<string> = new Set(['AmendmentApproved', 'DeclarationResubmitted']);

const completeDeadline = (declarationId: string) => `complete-declaration:${declarationId}`;
const everyAgencyReleased = (shipment: Shipment, also?: Agency) => shipment.agencies.every((a) => a === also || shipment.released.includes(a));

export function react(event: ProcessEvent, input: ReactionInput = {}): Action[] {
  const declarationId = event.metadata.correlationId;
  const [kind] = event.streamId.split('-', 1);
  switch (kind) {
    case 'declaration':
      return onDeclaration(event as unknown as DeclarationEvent, declarationId, input);
    case 'arrival': {
      const { data } = event as unknown as ArrivalEvent;
      return [
        { type: 'record-arrival', billOfLading: data.billOfLading, arrivedAt: data.arrivedAt, conveyance: data.conveyance, portOfEntry: data.portOfEntry },
        // Only the shipments that name the report's port and conveyance (a report for another port or vehicle is not theirs).
        ...(input.reached ?? []).filter((shipment) => !shipment.declaration || arrivalMatches(data, shipment.declaration)).map((shipment): Action => ({
          type: 'declaration', declarationId: shipment.declarationId,
          command: { type: 'RecordArrival', arrivedAt: data.arrivedAt, billOfLading: data.billOfLading, conveyance: data.conveyance },
        })),
        ...manifestsArrived(data, input.manifests ?? []),
      ];
    }
    case 'examination': {
      const examination = event as unknown as ExaminationEvent;
      if (examination.type === 'FindingsRecorded') return conveyanceChecksPassed(examination, declarationId, input.crossings ?? []);
      if (examination.type !== 'ExaminationCompleted') return [];
      // 一次查验 done: each participating agency gets its own result (passed, or failed by its own check).
      return Object.entries(examination.data.results).map(([agency, result]): Action => ({
        type: 'case', declarationId, agency: agency as Agency, command: { type: 'CompleteExamination', result: result! },
      }));
    }
    case 'instruction':
      return onInstruction(event as unknown as InstructionEvent, declarationId, input);
    case 'guarantee':
      return onGuarantee({ ...(event as unknown as GeneralGuaranteeEvent), streamId: event.streamId });
    case 'alert':
      return onAlert(event as unknown as AlertEvent, event.streamId.slice('alert-'.length), input);
    case 'manifest':
      return onManifest(event as unknown as ManifestEvent, input.reached ?? []);
    case 'crossing':
      return onCrossing(event as unknown as CrossingEvent);
  }
  const agency = CASE_STREAM.exec(event.streamId)?.[1] as Agency | undefined;
  return agency ? onCase(event as unknown as AgencyCaseEvent, agency, declarationId, input) : [];
}

function onDeclaration(event: DeclarationEvent, declarationId: string, input: ReactionInput): Action[] {
  const { shipment, arrival, manifest } = input;
  const toEachCase = (command: CaseCommand): Action[] =>
    (shipment?.agencies ?? []).map((agency) => ({ type: 'case', declarationId, agency, command }));
  switch (event.type) {
    case 'DeclarationSubmitted': {
      const { declaration, arrivedAt, submittedAt } = event.data;
      // Reported before it was declared (提前申报 filed after the goods came in): the cases open
      // arrived, and the declaration records the arrival.
      const reported = arrival && arrivalMatches(arrival, declaration) ? arrival : null;
      const arrived = arrivedAt ?? reported?.arrivedAt;
      const snapshot: CaseDeclaration = {
        declarationId, ...declaration, documents: declaration.documents ?? [], ...(submittedAt ? { declaredAt: submittedAt } : {}), ...(arrived ? { arrivedAt: arrived } : {}),
      };
      // 舱单: an import by road or rail is released once its bill is on a manifest of its conveyance and port.
      const needs = manifest?.required ? { manifest: manifest.manifestId ? 'on-manifest' as const : 'missing' as const } : {};
      const actions: Action[] = [{ type: 'open-cases', declarationId, declaration: snapshot, arrived: !!arrivedAt || !!reported, ...needs }];
      if (!arrivedAt && reported && declaration.transport.billOfLading) {
        actions.push({ type: 'declaration', declarationId, command: { type: 'RecordArrival', arrivedAt: reported.arrivedAt, billOfLading: declaration.transport.billOfLading, conveyance: reported.conveyance } });
      }
      return actions;
    }
    case 'ArrivalRecorded':
      return toEachCase({ type: 'ConfirmArrival', arrivedAt: event.data.arrivedAt });
    case 'DeclarationWithdrawn':
      return [
        ...toEachCase({ type: 'CloseCase', reason: `declaration withdrawn: ${event.data.reason}` }),
        ...releaseDraw(shipment, `declaration withdrawn: ${event.data.reason}`),
        { type: 'set-status', declarationId, status: 'withdrawn' },
        { type: 'settle-deadlines', where: { declarationId } },
      ];
    case 'DeclarationReleased':
      return [{ type: 'set-status', declarationId, status: 'released' }];
    case 'DeclarationRejected':
      // Rejected by one agency: the others' cases close, and money confirmed for the goods is refundable.
      return [
        ...toEachCase({ type: 'CloseOnRejection', agency: event.data.agency, reason: event.data.reason }),
        ...releaseDraw(shipment, `declaration rejected by ${event.data.agency}: ${event.data.reason}`),
        { type: 'set-status', declarationId, status: 'rejected' },
      ];
    case 'GoodsExited':
      return [{ type: 'set-status', declarationId, status: 'exited' }];
    case 'CompleteDeclarationScheduled':
      return [{ type: 'schedule-deadline', id: completeDeadline(declarationId), streamId: `declaration-${declarationId}`, declarationId, kind: 'complete-declaration', dueAt: event.data.dueAt }];
    case 'CompleteDeclarationFiled': {
      // 两步申报: customs assesses the complete declaration and settles it against the summary's guarantee.
      const { items, freight, insurance } = event.data;
      return [
        { type: 'settle-deadlines', where: { id: completeDeadline(declarationId) } },
        { type: 'case', declarationId, agency: 'customs', command: { type: 'AssessFinalDuties', items, ...(freight ? { freight } : {}), ...(insurance ? { insurance } : {}) } },
      ];
    }
    case 'LicensesVerified':
      // Verified after every agency had released it: the release was waiting for this.
      return shipment && everyAgencyReleased(shipment) ? [{ type: 'release', declarationId, agencies: shipment.agencies }] : [];
    case 'AmendmentApproved':
    case 'DeclarationResubmitted':
      return onCorrection(event, declarationId, input);
    case 'InformationRequested':
      // 补充申报: the asking agency's case waits for the answer and the officer's release.
      return [{ type: 'case', declarationId, agency: event.data.agency, command: {
        type: 'Decide', decision: 'hold', reason: `information requested (补充申报): ${event.data.reason}`, officer: event.data.by,
        code: 'decision.hold.information-requested', params: { request: event.data.reason },
      } }];
    default:
      return [];
  }
}

/**
 * 修改申请 approved or 退单 resubmitted: each case routed before and now takes the corrected body
 * (assessed again; after release only its duties), an agency newly routed opens its case, one no
 * longer routed closes it.
 */
function onCorrection(event: Extract<DeclarationEvent, { type: 'AmendmentApproved' | 'DeclarationResubmitted' }>, declarationId: string, { shipment, declaration: current }: ReactionInput): Action[] {
  if (!shipment) return [];
  const afterRelease = event.type === 'AmendmentApproved' && event.data.afterRelease;
  const body = event.data.declaration;
  const declaredAt = event.type === 'DeclarationResubmitted' ? event.data.resubmittedAt : shipment.declaration?.declaredAt;
  const snapshot: CaseDeclaration = { declarationId, ...body, documents: body.documents ?? [], ...(declaredAt ? { declaredAt } : {}) };
  const reason = event.type === 'AmendmentApproved' ? `amendment ${event.data.amendmentId} approved (version ${event.data.version})` : `resubmitted after return (version ${event.data.version})`;
  const revise = (agency: Agency): Action => ({ type: 'case', declarationId, agency, command: { type: 'Revise', declaration: snapshot, afterRelease, reason } });
  if (afterRelease || !current?.routing) {
    return [{ type: 'record-revision', declarationId, declaration: snapshot, agencies: shipment.agencies, resetReleased: false }, ...shipment.agencies.map(revise)];
  }
  const { agencies, reasons } = current.routing;
  return [
    { type: 'record-revision', declarationId, declaration: snapshot, agencies, resetReleased: true },
    ...agencies.map((agency): Action => (shipment.agencies.includes(agency) ? revise(agency) : {
      type: 'case', declarationId, agency,
      command: { type: 'OpenCase', agency, declaration: snapshot, routingReasons: reasons[agency] ?? [], arrived: current.arrived },
    })),
    ...shipment.agencies.filter((agency) => !agencies.includes(agency)).map((agency): Action => ({
      type: 'case', declarationId, agency, command: { type: 'CloseCase', reason: `no longer routed to ${agency}: ${reason}` },
    })),
  ];
}

/** 汇总征税: a consolidated declaration that will not be cleared gives its draw back. */
function releaseDraw(shipment: Shipment | null | undefined, reason: string): Action[] {
  const declaration = shipment?.declaration;
  return declaration?.settlement === 'consolidated' ? [{ type: 'release-draw', declarationId: shipment!.declarationId, holder: consigneeOf(declaration).uscc, reason }] : [];
}

function onCase(event: AgencyCaseEvent, agency: Agency, declarationId: string, { shipment }: ReactionInput): Action[] {
  const toCase = (command: CaseCommand | { type: 'assess' }): Action => ({ type: 'case', declarationId, agency, command });
  switch (event.type) {
    case 'CaseOpened':
      return [toCase({ type: 'assess' })];
    case 'ExaminationRequested':
      return event.data.checks.length ? [{ type: 'examine', declarationId, agency, checks: event.data.checks, reason: event.data.reason, ...(event.data.again ? { again: true } : {}) }] : [];
    case 'CaseRevised':
      // Before release the revised case is assessed again (risk and duties); after release its duties were.
      return event.data.afterRelease ? [] : [toCase({ type: 'assess' })];
    case 'RiskAssessed': {
      const { lane, reasons, requiredChecks } = event.data;
      const reason = reasons.map((r) => r.description).join('; ') || 'selected for examination';
      const examine: Action[] = lane === 'examination' && requiredChecks.length ? [{ type: 'examine', declarationId, agency, checks: requiredChecks, reason }] : [];
      return [...examine, toCase({ type: 'ReleaseIfReady' })];
    }
    case 'DutiesAssessed': {
      // 汇总征税: the duties are drawn on the holder's general guarantee, which settles the case.
      const declaration = shipment?.declaration;
      const draw: Action[] = agency === 'customs' && declaration?.settlement === 'consolidated'
        ? [{ type: 'draw-guarantee', declarationId, holder: consigneeOf(declaration).uscc, amount: event.data.amount }] : [];
      return [...draw, toCase({ type: 'ReleaseIfReady' })];
    }
    case 'FinalDutiesAssessed': {
      // 汇总征税: the final duties settle on the holder's general guarantee like the summary's (the difference drawn, or given back).
      const general = event.data.generalGuarantee;
      const holder = shipment?.declaration ? consigneeOf(shipment.declaration).uscc : null;
      const settle: Action[] = agency === 'customs' && general && holder ? [
        ...(general.draw > 0 ? [{ type: 'draw-guarantee' as const, declarationId, holder, amount: general.draw, part: 'final' as const }] : []),
        ...(general.release > 0 ? [{ type: 'reduce-draw' as const, declarationId, holder, amount: general.release, reason: 'the complete declaration was assessed lower than the summary (两步申报)' }] : []),
      ] : [];
      return [...settle, toCase({ type: 'ReleaseIfReady' })];
    }
    case 'ArrivalConfirmed':
    case 'ManifestConfirmed':
    case 'DutiesSettled':
    case 'ExaminationCompleted':
      // 绿色通道: a green-lane case releases itself once its conditions hold.
      return [toCase({ type: 'ReleaseIfReady' })];
    case 'CaseReleased': {
      const recorded: Action = { type: 'record-released', declarationId, agency };
      return shipment && everyAgencyReleased(shipment, agency) ? [recorded, { type: 'release', declarationId, agencies: shipment.agencies }] : [recorded];
    }
    case 'CaseRejected':
      return [{ type: 'declaration', declarationId, command: { type: 'Reject', agency, reason: event.data.reason } }];
    case 'DutiesRefundable': {
      const { reference, amount, currency, reason } = event.data;
      return [{ type: 'instruction', declarationId, reference, command: { type: 'OrderRefund', amount, currency, reason, key: `${reason}:${agency}` } }];
    }
    default:
      return [];
  }
}

/**
 * Money customs can trust: only a bank's confirmation settles the customs case (the declarant's
 * instruction alone settles nothing). Money confirmed for a shipment already withdrawn or
 * rejected is settled all the same: the case makes it refundable.
 */
function onInstruction(event: InstructionEvent, declarationId: string, { shipment }: ReactionInput): Action[] {
  if (event.type !== 'SettlementConfirmed' || !shipment?.agencies.includes('customs')) return [];
  const { kind, reference, amount, currency } = event.data;
  return [{ type: 'case', declarationId, agency: 'customs', command: { type: 'SettleDuties', how: kind === 'payment' ? 'paid' : 'guaranteed', reference, amount, currency } }];
}

/** 汇总征税: guarantees are recorded by holder; a statement's confirmed payment pays each declaration it covered. */
function onGuarantee(event: GeneralGuaranteeEvent & { streamId: string }): Action[] {
  switch (event.type) {
    case 'GeneralGuaranteeLodged': {
      const { guaranteeId, holder, validUntil, lodgedAt } = event.data;
      return [{ type: 'record-guarantee', id: guaranteeId, holder, validUntil, lodgedAt }, { type: 'retry-draws', holder }];
    }
    case 'GuaranteeRestored':
      return [
        ...event.data.covered.map(({ declarationId, amount }): Action => ({
          type: 'case', declarationId, agency: 'customs', command: { type: 'SettleDuties', how: 'paid', reference: `statement:${event.data.reference}`, amount, currency: 'CNY' },
        })),
        { type: 'retry-draws', guaranteeId: event.streamId.slice('guarantee-'.length) },
      ];
    case 'GuaranteeDrawReleased':
    case 'GuaranteeDrawReduced':
      // Balance given back: a declaration waiting for it may now be drawn.
      return [{ type: 'retry-draws', guaranteeId: event.streamId.slice('guarantee-'.length) }];
    default:
      return [];
  }
}

/** 执法互助: an alert holds or sends to examination every matching unreleased case in every agency. */
function onAlert(event: AlertEvent, alertId: string, { reached, crossings }: ReactionInput): Action[] {
  if (event.type === 'AlertLifted') return [{ type: 'lift-alert', alertId, at: event.data.at, reason: event.data.reason ?? null }];
  const { subject, action, reason, raisedBy } = event.data;
  const actions: Action[] = [{ type: 'record-alert', alertId, event: event.data }, ...crossingsForAlert({ id: alertId, subject, action, reason }, crossings ?? [])];
  for (const shipment of reached ?? []) {
    if (!shipment.declaration || !alertMatches(subject, shipment.declaration)) continue;
    for (const agency of shipment.agencies) {
      actions.push({
        type: 'case', declarationId: shipment.declarationId, agency,
        command: { type: 'Decide', decision: action === 'hold' ? 'hold' : 'examine', reason: `alert ${alertId}: ${reason}`, officer: `alert:${raisedBy.agency}`, alertId },
      });
    }
  }
  return actions;
}
