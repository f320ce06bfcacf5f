import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { canonicalJson, DomainError, EVENT_STORE, type EventStore, type RecordedEvent } from '@sw/event-store';
import { requirePort, type Principal } from '@sw/platform';
import { DeclarationStatusQueries, evolveStatusView, type StatusView } from '@sw/read-models';
import { createHash } from 'node:crypto';
import { signCompact, SigningKeys } from './signing-keys';

/** What a release proof states (API.md): signed, so a gate or a bank checks it offline. */
export interface ReleaseProofPayload {
  declarationId: string;
  /** The 18-digit customs number (海关编号), null where the declaration has none. */
  number: string | null;
  releasedAt: string;
  conveyance: string | null;
  /** SHA-256 (hex) of the canonical JSON of the goods items as released. */
  itemsDigest: string;
  portOfEntry: string;
}

export interface ReleaseProof {
  jws: string;
  kid: string;
  payload: ReleaseProofPayload;
}

/** The items as last declared: the submission, then a complete declaration, a resubmission or an amendment that carries them. */
function releasedItems(events: RecordedEvent[]): unknown[] {
  let items: unknown[] = [];
  for (const event of events) {
    if (!event.streamId.startsWith('declaration-')) continue;
    const data = event.data as { declaration?: { items?: unknown[] }; items?: unknown[] } | null;
    if (Array.isArray(data?.declaration?.items)) items = data.declaration.items;
    else if (Array.isArray(data?.items)) items = data.items;
  }
  return items;
}

export function itemsDigest(items: unknown[]): string {
  return createHash('sha256').update(canonicalJson(items), 'utf8').digest('hex');
}

/**
 * 放行证明: the release as the event store has it (never a read model that could drift), signed
 * with the key of /.well-known/jwks.json. Who may ask: whoever may see the declaration (its
 * declarant, the routed officers, auditors); a gate at its port of entry; a bank.
 */
@Injectable()
export class ReleaseProofs {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly queries: DeclarationStatusQueries,
    private readonly keys: SigningKeys,
  ) {}

  async prove(idOrNumber: string, principal: Principal): Promise<ReleaseProof> {
    let id = idOrNumber;
    if (principal.role !== 'gate' && principal.role !== 'bank') id = (await this.queries.view(idOrNumber, principal)).id; // 404 when not theirs
    const events = await this.store.readByCorrelation(id).catch(() => []);
    const view = events.reduce<StatusView | null>(evolveStatusView, null);
    if (!view) throw new NotFoundException(`No declaration ${idOrNumber}`);
    if (principal.role === 'gate') requirePort(principal, view.portOfEntry);
    if (!view.releasedAt) {
      throw new DomainError('not-released', `Declaration ${view.id} is not released (status ${view.status}): there is no release to prove`, { declarationStatus: view.status });
    }
    const payload: ReleaseProofPayload = {
      declarationId: view.id,
      number: (view as { number?: string | null }).number ?? null,
      releasedAt: view.releasedAt,
      conveyance: view.transport?.conveyance ?? null,
      itemsDigest: itemsDigest(releasedItems(events)),
      portOfEntry: view.portOfEntry,
    };
    const key = await this.keys.current();
    return { jws: await signCompact(key, payload, 'sw-release-proof'), kid: key.kid, payload };
  }
}
