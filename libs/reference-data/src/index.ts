// Reference data: the code lists of seeds/reference (HS 2022, customs offices, transport and
// trade modes, units, countries, currencies, Incoterms, the inspection catalogue, demo
// enterprises) and the USCC check. Pure: Node built-ins only.
export * from './reference-data';
export * from './uscc';
export * from './exchange-rates';
