import { AGENCY_CASE } from './catalogue/agency-case';
import { ALERTS } from './catalogue/alerts';
import { AUDIT } from './catalogue/audit';
import { CLIENT_MESSAGE } from './catalogue/client-message';
import { CORRECTIONS } from './catalogue/corrections';
import { DECLARATION } from './catalogue/declaration';
import { EXAMINATION } from './catalogue/examination';
import { FEES } from './catalogue/fees';
import { GATE } from './catalogue/gate';
import { LABELS } from './catalogue/labels';
import { LICENSING } from './catalogue/licensing';
import { MANIFEST } from './catalogue/manifest';
import { MONEY } from './catalogue/money';
import { OVERSIGHT } from './catalogue/oversight';
import { PARTIES } from './catalogue/parties';
import { FIELD_PROBLEMS, PROBLEMS } from './catalogue/problems';
import { REASONS } from './catalogue/reasons';
import { REFERENCE } from './catalogue/reference';
import type { Catalogue } from './catalogue/types';
import { VOCABULARY } from './catalogue/vocabulary';

export type { Catalogue } from './catalogue/types';

/**
 * Every area's part of the catalogue. A new code is one line in its area's file (a new area: one
 * file and one entry here); catalogue.unit.spec.ts fails for a code the server emits without both texts.
 */
export const CATALOGUE_PARTS: Readonly<Record<string, Catalogue>> = {
  PROBLEMS, FIELD_PROBLEMS, VOCABULARY, DECLARATION, CORRECTIONS, CLIENT_MESSAGE, PARTIES, AGENCY_CASE, MONEY, EXAMINATION, LICENSING, FEES,
  MANIFEST, ALERTS, REFERENCE, OVERSIGHT, AUDIT, LABELS, GATE, REASONS,
};

export const CATALOGUE: Catalogue = Object.assign({}, ...Object.values(CATALOGUE_PARTS));
