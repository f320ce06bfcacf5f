export * from './domain/declaration.events';
export * from './domain/declaration.decider';
export * from './domain/arrival';
export * from './domain/routing';
export * from './domain/complete-declaration';
export * from './application/declarations-by-transport';
/** The query of GET /v1/declarations, validated as the declaration's other requests are (the read side serves it). */
export { ListDeclarationsQuery } from './http/declaration.dtos';
export * from './declaration.module';
export { isDeclarant } from './act-on-declaration/act-on-declaration.handler';
