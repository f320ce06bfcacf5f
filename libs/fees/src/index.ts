// Fees: the port fee catalogue (口岸收费目录清单) a port authority publishes, and the port charges
// checked against it (清单之外无收费), with examination handling paid by the government when the
// examination found nothing.
export * from './domain/fee-catalogue';
export * from './domain/port-charge';
export * from './shipment-facts';
export * from './fees.module';
