import { Injectable } from '@nestjs/common';
import { EventSubscriber, type RecordedEvent, type Subscriber } from '@sw/event-store';
import type { CatalogueVersion, FeeCatalogueEvent, FeeItem, PortChargeEvent } from '@sw/fees';
import { FEE_CATALOGUE_STREAM_PREFIX, PORT_CHARGES_STREAM_PREFIX } from '@sw/shipment';
import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { rowProjection } from '../row-projection';

export class PortFeesReadModel1763900002120 implements MigrationInterface {
  name = 'PortFeesReadModel1763900002120';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`create table if not exists fee_catalogue_versions (
      port text not null,
      version int not null,
      effective_from date not null,
      items jsonb not null,
      published_by text not null,
      published_at timestamptz not null,
      primary key (port, version)
    )`);
    await queryRunner.query(`create table if not exists port_charges (
      charge_id uuid primary key,
      declaration_id uuid not null,
      port text not null,
      code text not null,
      status text not null,
      name_zh text,
      basis text,
      quantity numeric(16, 3) not null,
      amount numeric(16, 2) not null,
      currency text,
      payer text,
      catalogue_version int,
      effective_from date,
      reason text,
      message text,
      max_amount numeric(16, 2),
      charged_by text not null,
      at timestamptz not null
    )`);
    await queryRunner.query('create index if not exists port_charges_declaration on port_charges (declaration_id, at)');
    await queryRunner.query('create index if not exists port_charges_status on port_charges (status, at desc)');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop table if exists port_charges; drop table if exists fee_catalogue_versions;');
  }
}

interface CatalogueRow { port: string; version: number; effective_from: string; items: FeeItem[]; published_by: string; published_at: string }

/** One port charge, recorded or refused (清单之外无收费: refusals are kept for oversight). */
export interface PortChargeRow {
  charge_id: string; declaration_id: string; port: string; code: string; status: 'recorded' | 'refused';
  name_zh: string | null; basis: string | null; quantity: number; amount: number; currency: string | null; payer: string | null;
  catalogue_version: number | null; effective_from: string | null; reason: string | null; message: string | null; max_amount: number | null;
  charged_by: string; at: string;
}

const catalogueRows = rowProjection<CatalogueRow, 'port' | 'version', FeeCatalogueEvent>({
  table: {
    name: 'fee_catalogue_versions',
    columns: { port: 'text', version: 'int', effective_from: 'date', items: 'jsonb', published_by: 'text', published_at: 'timestamptz' },
    key: ['port', 'version'],
    update: ['items'],
  },
  key: (event) => (event.type === 'FeeCataloguePublished' && event.streamId.startsWith(FEE_CATALOGUE_STREAM_PREFIX) ? { port: event.data.port, version: event.data.version } : null),
  evolve(row, event) {
    if (row) return null; // a version is published once
    const v: CatalogueVersion = event.data;
    return { port: v.port, version: v.version, effective_from: v.effectiveFrom, items: v.items, published_by: v.publishedBy, published_at: v.publishedAt };
  },
});

const chargeRows = rowProjection<PortChargeRow, 'charge_id', PortChargeEvent>({
  table: {
    name: 'port_charges',
    columns: {
      charge_id: 'uuid', declaration_id: 'uuid', port: 'text', code: 'text', status: 'text', name_zh: 'text', basis: 'text', quantity: 'numeric', amount: 'numeric',
      currency: 'text', payer: 'text', catalogue_version: 'int', effective_from: 'date', reason: 'text', message: 'text', max_amount: 'numeric', charged_by: 'text', at: 'timestamptz',
    },
    key: ['charge_id'],
    update: ['status'],
  },
  key: (event) => (event.streamId.startsWith(PORT_CHARGES_STREAM_PREFIX) ? { charge_id: event.data.chargeId } : null),
  evolve(row, event) {
    if (row) return null;
    const declaration_id = event.metadata.correlationId;
    if (event.type === 'PortChargeRecorded') {
      const c = event.data;
      return {
        charge_id: c.chargeId, declaration_id, port: c.port, code: c.code, status: 'recorded', name_zh: c.nameZh, basis: c.basis, quantity: c.quantity, amount: c.amount,
        currency: c.currency, payer: c.payer, catalogue_version: c.catalogueVersion, effective_from: c.effectiveFrom, reason: null, message: null, max_amount: null,
        charged_by: c.chargedBy, at: c.chargedAt,
      };
    }
    const r = event.data;
    return {
      charge_id: r.chargeId, declaration_id, port: r.port, code: r.code, status: 'refused', name_zh: null, basis: null, quantity: r.quantity, amount: r.amount,
      currency: r.currency ?? null, payer: null, catalogue_version: r.catalogueVersion ?? null, effective_from: null, reason: r.reason, message: r.message,
      max_amount: r.maxAmount ?? null, charged_by: r.chargedBy, at: r.refusedAt,
    };
  },
});

/** 口岸收费目录清单 (every version, by port) and the port charges on shipments, recorded and refused. */
@Injectable()
@EventSubscriber()
export class PortFeesProjection implements Subscriber {
  readonly name = 'port-fees';
  readonly filter = { streamPrefixes: [FEE_CATALOGUE_STREAM_PREFIX, PORT_CHARGES_STREAM_PREFIX] };
  readonly tables = [catalogueRows.table, chargeRows.table];

  async handle(events: RecordedEvent[], manager: EntityManager): Promise<void> {
    await catalogueRows.apply(events, manager);
    await chargeRows.apply(events, manager);
  }
}
