/**
 * The agencies a declaration is routed to, and what their examinations check. Every library
 * that speaks of agencies, lanes or checks takes these names from here.
 */
export type Agency = 'customs' | 'inspection' | 'border';
export const AGENCIES: readonly Agency[] = ['customs', 'inspection', 'border'];
export const isAgency = (value: unknown): value is Agency => (AGENCIES as readonly unknown[]).includes(value);

/** Risk lanes: green (no intervention), documents (审单: an officer reviews the papers), examination (查验). */
export type Lane = 'green' | 'documents' | 'examination';
export const LANES: readonly Lane[] = ['green', 'documents', 'examination'];

const SEVERITY: Record<Lane, number> = { green: 0, documents: 1, examination: 2 };
/** The most severe of some lanes (green when there are none). */
export const mostSevereLane = (lanes: Iterable<Lane>): Lane => {
  let worst: Lane = 'green';
  for (const lane of lanes) if (SEVERITY[lane] > SEVERITY[worst]) worst = lane;
  return worst;
};

/** scan = 机检 (H986 non-intrusive); the others are done by officers at the joint examination. */
export type CheckKind = 'scan' | 'physical' | 'sampling' | 'lab' | 'vehicle' | 'crew' | 'documents';
/** Canonical order, so that a set of checks always reads the same. */
export const CHECK_KINDS: readonly CheckKind[] = ['scan', 'physical', 'sampling', 'lab', 'vehicle', 'crew', 'documents'];

/** Checks in canonical order, without repeats. */
export function orderedChecks(checks: Iterable<CheckKind>): CheckKind[] {
  const set = new Set(checks);
  return CHECK_KINDS.filter((check) => set.has(check));
}
