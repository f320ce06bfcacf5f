import type { AmendmentChanges, DeclarationEvent, InformationRequest } from '@sw/declaration';
import type { Agency, DeclarationBody } from '@sw/shipment';
import type { Recorded } from '../row-projection';

/** API.md "Corrections": the view's amendments (修改申请). */
export interface AmendmentView {
  id: string;
  status: 'pending' | 'approved' | 'refused';
  reason: string;
  changes: AmendmentChanges;
  /** Asked after release: a supplementary assessment (补税) or refund (退税). */
  afterRelease: boolean;
  requestedAt: string;
  decidedBy: string | null;
  decision: null | { reason: string; at: string };
  /** The version the approval made. */
  version?: number;
}

/** API.md "Corrections": requests for information (补充申报) and their answers, as the declaration records them. */
export type InformationRequestView = InformationRequest;

/** What the corrections add to the status view. */
export interface CorrectionsView {
  /** 1 when submitted; + 1 for each resubmission and each approved amendment. */
  version: number;
  amendments: AmendmentView[];
  requests: InformationRequestView[];
  /** 退单: returned for correction, until resubmitted. */
  returned: null | { agency: Agency; reason: string; by: string; at: string };
  /** The declaration as it stands (after its approved amendments or resubmission): the consoles' correction forms start from it. */
  declaration?: DeclarationBody;
  mode: string;
  transport: unknown;
  portOfEntry: string;
  customsOffice: string;
}

export const initialCorrections = () => ({ version: 1, amendments: [] as AmendmentView[], requests: [] as InformationRequestView[], returned: null });

/** Folds a correction of the declaration into the view (returns false for any other event). */
export function applyCorrectionEvent(view: CorrectionsView, event: Recorded<DeclarationEvent>): boolean {
  const amendments = view.amendments ?? [];
  const requests = view.requests ?? [];
  switch (event.type) {
    case 'AmendmentRequested': {
      const { amendmentId: id, reason, changes, afterRelease, requestedAt } = event.data;
      view.amendments = [...amendments, { id, status: 'pending', reason, changes, afterRelease, requestedAt, decidedBy: null, decision: null }];
      return true;
    }
    case 'AmendmentApproved':
    case 'AmendmentRefused': {
      const { amendmentId, by, reason, decidedAt: at } = event.data;
      const approved = event.type === 'AmendmentApproved';
      view.amendments = amendments.map((a) => (a.id === amendmentId
        ? { ...a, status: approved ? 'approved' : 'refused', decidedBy: by, decision: { reason, at }, ...(approved ? { version: event.data.version } : {}) } : a));
      if (event.type === 'AmendmentApproved') withBody(view, event.data.declaration, event.data.version);
      return true;
    }
    case 'DeclarationReturned': {
      const { agency, reason, by, returnedAt: at } = event.data;
      view.returned = { agency, reason, by, at };
      return true;
    }
    case 'DeclarationResubmitted':
      view.returned = null;
      withBody(view, event.data.declaration, event.data.version);
      return true;
    case 'InformationRequested': {
      const { requestId: id, agency, reason, fields, by, requestedAt } = event.data;
      view.requests = [...requests, { id, agency, reason, fields, status: 'open', by, requestedAt }];
      return true;
    }
    case 'InformationProvided': {
      const { requestId, note, documents, respondedAt: at } = event.data;
      view.requests = requests.map((r) => (r.id === requestId ? { ...r, status: 'answered', answer: { note, documents, at } } : r));
      return true;
    }
    default:
      return false;
  }
}

function withBody(view: CorrectionsView, body: Extract<DeclarationEvent, { type: 'DeclarationResubmitted' }>['data']['declaration'], version: number): void {
  view.version = version;
  view.declaration = body;
  view.transport = body.transport;
  view.portOfEntry = body.portOfEntry;
  view.customsOffice = body.customsOffice;
}
