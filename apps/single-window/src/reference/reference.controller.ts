import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { FieldValidationException, Public, type FieldError } from '@sw/platform';
import { calendarDate, chinaDate, LIST_SPECS, listSpec, lookup, referenceCatalog, type ListVersion } from '@sw/reference-data';

const MAX_PAGE_SIZE = 200;

const describeVersion = (version: ListVersion | undefined) => version
  ? { version: version.version, effectiveFrom: version.effectiveFrom, kind: version.kind, source: version.source, importedAt: version.importedAt, entries: version.entries.length }
  : null;

/**
 * Public lookups of the code lists (API.md, "Reference data"): no token; answered from memory
 * (the catalog the server keeps in step with the database), so a form can autocomplete on them.
 */
@ApiTags('reference data')
@Public()
@Controller('v1/reference')
export class ReferenceController {
  @Get()
  @ApiOperation({ summary: 'The code lists, each with its versions and the one in force today' })
  lists() {
    const catalog = referenceCatalog();
    const today = catalog.currentDate();
    return {
      asOf: today,
      lists: LIST_SPECS.map((spec) => ({
        name: spec.name, nameZh: spec.nameZh, columns: spec.columns.map((c) => c.name),
        inForce: describeVersion(catalog.inForce(spec.key, today)),
        versions: catalog.versionsOf(spec.key).map((v) => describeVersion(v)!),
      })),
    };
  }

  @Get(':list')
  @ApiOperation({ summary: 'Entries of a code list in force on a day, matching q by code or name' })
  @ApiQuery({ name: 'q', required: false, description: 'a code or its beginning, or part of a name (Chinese or English)' })
  @ApiQuery({ name: 'asOf', required: false, description: 'YYYY-MM-DD (China time) or an ISO 8601 instant; default today' })
  @ApiQuery({ name: 'page', required: false }) @ApiQuery({ name: 'pageSize', required: false })
  find(@Param('list') name: string, @Query() query: Record<string, unknown>) {
    const spec = listSpec(name);
    if (!spec) throw new NotFoundException({ message: `There is no code list "${String(name).slice(0, 40)}": the lists are ${LIST_SPECS.map((s) => s.name).join(', ')}`, code: 'reference-list-unknown' });
    const errors: FieldError[] = [];
    for (const key of Object.keys(query)) {
      if (!['q', 'asOf', 'page', 'pageSize'].includes(key)) errors.push({ field: key, message: `${key} is not a parameter of this lookup (q, asOf, page, pageSize)` });
    }
    const single = (key: string): string | undefined => {
      const value = query[key];
      if (value === undefined) return undefined;
      if (typeof value !== 'string') {
        errors.push({ field: key, message: `${key} must be given once` });
        return undefined;
      }
      return value;
    };
    const q = single('q') ?? '';
    if (q.length > 100) errors.push({ field: 'q', message: 'q must have at most 100 characters' });
    const catalog = referenceCatalog();
    const asOfText = single('asOf');
    let asOf = catalog.currentDate();
    if (asOfText !== undefined) {
      const day = calendarDate(asOfText) ?? (/^\d{4}-\d{2}-\d{2}T/.test(asOfText) && !Number.isNaN(Date.parse(asOfText)) ? chinaDate(asOfText) : undefined);
      if (day) asOf = day;
      else errors.push({ field: 'asOf', message: `asOf must be a date YYYY-MM-DD or an ISO 8601 instant (${JSON.stringify(asOfText.slice(0, 40))} is not)` });
    }
    const whole = (key: string, fallback: number, max: number): number => {
      const text = single(key);
      if (text === undefined) return fallback;
      if (/^\d{1,6}$/.test(text) && Number(text) >= 1 && Number(text) <= max) return Number(text);
      errors.push({ field: key, message: `${key} must be a whole number from 1 to ${max} (${JSON.stringify(text.slice(0, 20))} is not)` });
      return fallback;
    };
    const page = whole('page', 1, 1_000_000);
    const pageSize = whole('pageSize', 20, MAX_PAGE_SIZE);
    if (errors.length) throw new FieldValidationException(errors);
    const version = catalog.inForce(spec.key, asOf);
    const { items, total } = lookup(spec, catalog.entriesOn(spec.key, asOf), q, page, pageSize);
    return { list: spec.name, nameZh: spec.nameZh, asOf, version: describeVersion(version), items, page, pageSize, total };
  }
}
