import { AGENCY_CASE } from './catalogue/agency-case';
import { ALERTS } from './catalogue/alerts';
import { DECLARATION } from './catalogue/declaration';
import { EXAMINATION } from './catalogue/examination';
import { FEES } from './catalogue/fees';
import { LICENSING } from './catalogue/licensing';
import { MONEY } from './catalogue/money';
import { OVERSIGHT } from './catalogue/oversight';
import { FIELD_PROBLEMS, PROBLEMS } from './catalogue/problems';
import { REFERENCE } from './catalogue/reference';
import type { Catalogue } from './catalogue/types';
import { VOCABULARY } from './catalogue/vocabulary';

export type { Catalogue } from './catalogue/types';

/**
 * Every area's part of the catalogue. A new code is one line in its area's file (a new area: one
 * file and one entry here); catalogue.unit.spec.ts fails for a code the server emits without both texts.
 */
export const CATALOGUE_PARTS: Readonly<Record<string, Catalogue>> = {
  PROBLEMS, FIELD_PROBLEMS, VOCABULARY, DECLARATION, AGENCY_CASE, MONEY, EXAMINATION, LICENSING, FEES, ALERTS, REFERENCE, OVERSIGHT,
};

export const CATALOGUE: Catalogue = Object.assign({}, ...Object.values(CATALOGUE_PARTS));
