// Money: declarants' payment and guarantee instructions, banks' confirmations, refunds, and
// general guarantees for consolidated tax (汇总征税). Pure deciders in domain/.
export * from './domain/instruction';
export * from './domain/general-guarantee';
export * from './http/money.dtos';
export * from './money.module';
