// The shared vocabulary of a shipment, pure and without dependencies: agencies, lanes, checks,
// the declaration's body, stream names, alert subjects. Every other library takes these from here.
export * from './agencies';
export * from './declaration-body';
export * from './streams';
export * from './alerts';
export * from './china-time';
export * from './disclosure';
export * from './dec-message-data';
export * from './customs-number';
export * from './manifests';
export * from './transport-document';
