// Reference data: the code lists of seeds/reference (HS 2022, customs offices, transport and
// trade modes, units, countries, currencies, Incoterms, the inspection catalogue, demo
// enterprises), the USCC check, and the request-body validators other libraries reuse
// (validators/: class-validator rules against these lists). The lists and the USCC check use
// Node built-ins only; the validators add class-validator and class-transformer.
export * from './reference-data';
export * from './uscc';
export * from './exchange-rates';
export * from './validators';
export * from './catalog/list-specs';
export * from './catalog/csv-table';
export * from './catalog/reference-catalog';
export * from './catalog/table-checks';
export * from './catalog/reference-store';
export * from './catalog/lookup';
