/**
 * Validation rules for request bodies, checked against the code lists of seeds/reference.
 *
 * Every rule is one class-validator constraint that says, in words, what is wrong with the
 * value (type, format, code list, limits) — one message per problem, so a field that is wrong
 * in one way is reported once. The `…Problem` functions are the same checks without
 * decorators, for handlers that need them.
 */
export * from './rule';
export * from './values';
export * from './shapes';
export * from './code-lists';
