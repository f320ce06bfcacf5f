import type { Agency } from './agencies';

/**
 * Stream names. A shipment's streams all carry its declaration id; arrivals are keyed by bill of
 * lading, licences by number, alerts by id.
 */
export const DECLARATION_STREAM_PREFIX = 'declaration-';
export const declarationStream = (declarationId: string) => `${DECLARATION_STREAM_PREFIX}${declarationId}`;
/** One agency's case for one declaration (`customs-<declarationId>`, `inspection-…`, `border-…`). */
export const caseStream = (agency: Agency, declarationId: string) => `${agency}-${declarationId}`;
export const CASE_STREAM = /^(customs|inspection|border)-(.+)$/;
export const EXAMINATION_STREAM_PREFIX = 'examination-';
export const examinationStream = (declarationId: string) => `${EXAMINATION_STREAM_PREFIX}${declarationId}`;
export const ARRIVAL_STREAM_PREFIX = 'arrival-';
export const arrivalStream = (billOfLading: string) => `${ARRIVAL_STREAM_PREFIX}${billOfLading.toUpperCase()}`;
export const ALERT_STREAM_PREFIX = 'alert-';
export const alertStream = (alertId: string) => `${ALERT_STREAM_PREFIX}${alertId}`;
export const LICENSE_STREAM_PREFIX = 'license-';
export const licenseStream = (number: string) => `${LICENSE_STREAM_PREFIX}${number}`;
/** 口岸收费目录清单: a port's fee catalogue, every version it published (`fee-catalogue-<port>`). */
export const FEE_CATALOGUE_STREAM_PREFIX = 'fee-catalogue-';
export const feeCatalogueStream = (port: string) => `${FEE_CATALOGUE_STREAM_PREFIX}${port}`;
/** The port charges recorded (or refused) on one shipment (`port-charges-<declarationId>`). */
export const PORT_CHARGES_STREAM_PREFIX = 'port-charges-';
export const portChargesStream = (declarationId: string) => `${PORT_CHARGES_STREAM_PREFIX}${declarationId}`;
/**
 * A declarant's payment or guarantee instruction, keyed by its declaration and its bank reference
 * (`instruction-<declarationId>:<reference>`): a reference names a payment at one bank, and two banks
 * (or two declarants) may use the same string, so it is unique within a declaration, not across them.
 * Its events carry the declaration's id.
 */
export const INSTRUCTION_STREAM_PREFIX = 'instruction-';
export const instructionStream = (declarationId: string, reference: string) => `${INSTRUCTION_STREAM_PREFIX}${declarationId}:${reference}`;
/** Before v1.1.1 an instruction was keyed by its reference alone (`instruction-<reference>`): still read for those. */
export const legacyInstructionStream = (reference: string) => `${INSTRUCTION_STREAM_PREFIX}${reference}`;
/** What one bank's reference was confirmed for (`bank-reference-<bank>:<reference>`): one payment or guarantee per reference and bank. */
export const BANK_REFERENCE_STREAM_PREFIX = 'bank-reference-';
export const bankReferenceStream = (bank: string, reference: string) => `${BANK_REFERENCE_STREAM_PREFIX}${bank}:${reference}`;
/** A general guarantee (总担保) for consolidated tax (汇总征税), by id. */
export const GUARANTEE_STREAM_PREFIX = 'guarantee-';
export const guaranteeStream = (guaranteeId: string) => `${GUARANTEE_STREAM_PREFIX}${guaranteeId}`;
/** 舱单: a carrier's manifest of one conveyance's voyage, by id (`manifest-<id>`). */
export const MANIFEST_STREAM_PREFIX = 'manifest-';
export const manifestStream = (manifestId: string) => `${MANIFEST_STREAM_PREFIX}${manifestId}`;
/** Which manifest a bill of lading is on (one at a time): `bill-of-lading-<number>`. */
export const BILL_OF_LADING_STREAM_PREFIX = 'bill-of-lading-';
export const billOfLadingStream = (number: string) => `${BILL_OF_LADING_STREAM_PREFIX}${number.toUpperCase()}`;
/** 运输工具申报: a conveyance's crossing at a border post, by id (`crossing-<id>`). */
export const CROSSING_STREAM_PREFIX = 'crossing-';
export const crossingStream = (crossingId: string) => `${CROSSING_STREAM_PREFIX}${crossingId}`;
/** A conveyance's crossings at one port, latest last (`conveyance-<port>-<normalized plate>`): what the gate finds a crossing by. */
export const CONVEYANCE_STREAM_PREFIX = 'conveyance-';
export const conveyanceStream = (portOfEntry: string, conveyanceKey: string) => `${CONVEYANCE_STREAM_PREFIX}${portOfEntry}-${conveyanceKey}`;
