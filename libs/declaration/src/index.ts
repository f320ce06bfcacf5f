export * from './domain/declaration.events';
export * from './domain/declaration.decider';
export * from './domain/arrival';
export * from './domain/routing';
export * from './domain/complete-declaration';
export * from './application/declarations-by-transport';
export * from './application/filing-authority';
/** The query of GET /v1/declarations, validated as the declaration's other requests are (the read side serves it). */
export { ListDeclarationsQuery } from './http/declaration.dtos';
export * from './declaration.module';
export { isDeclarant } from './act-on-declaration/act-on-declaration.handler';
/** 报关单报文: the client's DecMessage read, checked and written back; its receipts. */
export * from './dec-message/dec-message';
export * from './dec-message/dec-message.receipts';
export * from './domain/declaration-draft.decider';
export { DEC_MESSAGE_ROUTE } from './submit-message/submit-message.controller';
export { CUSTOMS_NUMBER_BLOCK, CustomsNumbers, CustomsNumbers1763900018100, CustomsNumbersInEvents1763900022100, DeclarationIdPipe, chinaYear } from './customs-numbers/customs-numbers';
export { validatedDeclaration } from './submit-message/validate-body';
export * from './domain/corrections';
