import { Injectable } from '@nestjs/common';
import { referenceData } from '@sw/reference-data';
import { DataSource } from 'typeorm';

const CHARGE_COLUMNS = `charge_id, declaration_id, port, code, status, name_zh, basis, quantity::float8 as quantity, amount::float8 as amount, currency, payer,
  catalogue_version, effective_from::text as effective_from, reason, message, max_amount::float8 as max_amount, charged_by, at,
  (select d.number from declaration_status d where d.id = port_charges.declaration_id) as number`;

type ChargeRow = Record<string, any>;

/** A port charge as the API shows it. */
function charge(r: ChargeRow) {
  return {
    chargeId: r.charge_id, declarationId: r.declaration_id, number: (r.number as string | null) ?? null, port: r.port, code: r.code, status: r.status as 'recorded' | 'refused',
    ...(r.status === 'recorded'
      ? { nameZh: r.name_zh, basis: r.basis, payer: r.payer, catalogueVersion: r.catalogue_version, effectiveFrom: r.effective_from }
      : { reason: r.reason, message: r.message, ...(r.catalogue_version !== null ? { catalogueVersion: r.catalogue_version } : {}), ...(r.max_amount !== null ? { maxAmount: r.max_amount } : {}) }),
    quantity: r.quantity, amount: r.amount, currency: r.currency, chargedBy: r.charged_by, at: new Date(r.at).toISOString(),
  };
}

/** Reads of the port-fees read model: the public catalogue as of a day, the charges on shipments. */
@Injectable()
export class PortFeesQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** Each port's catalogue version in force on a day (China's), or one port's. */
  async catalogues(asOf: string, port?: string) {
    const params: unknown[] = [asOf];
    const rows: Record<string, any>[] = await this.dataSource.query(
      `select distinct on (port) port, version, effective_from::text as effective_from, items, published_at
         from fee_catalogue_versions where effective_from <= $1::date ${port ? `and port = $${params.push(port)}` : ''}
        order by port, effective_from desc, version desc`, params);
    const items = rows.map((r) => ({
      port: r.port, portName: referenceData().customsOffice(r.port)?.nameZh ?? null, version: r.version, effectiveFrom: r.effective_from,
      publishedAt: new Date(r.published_at).toISOString(), items: r.items,
    }));
    return { asOf, items, page: 1, pageSize: items.length, total: items.length };
  }

  async charges(query: { declarationId?: string; status?: 'recorded' | 'refused'; port?: string; page: number; pageSize: number }) {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.declarationId) where.push(`declaration_id = $${params.push(query.declarationId)}`);
    if (query.status) where.push(`status = $${params.push(query.status)}`);
    if (query.port) where.push(`port = $${params.push(query.port)}`);
    const clause = where.length ? `where ${where.join(' and ')}` : '';
    const [{ total }] = await this.dataSource.query(`select count(*)::int as total from port_charges ${clause}`, params);
    const rows: ChargeRow[] = await this.dataSource.query(
      `select ${CHARGE_COLUMNS} from port_charges ${clause} order by at desc, charge_id limit $${params.length + 1} offset $${params.length + 2}`,
      [...params, query.pageSize, (query.page - 1) * query.pageSize]);
    return { items: rows.map(charge), page: query.page, pageSize: query.pageSize, total };
  }
}
