// What swctl uses of the libraries and of the server's modules, through their entry points.
// Commands load this file when they run (libraries() in ./lazy.ts), never by an import: the
// entries load NestJS, and `swctl help` or a usage error should not wait for it.
export { ShipmentAudit } from '@sw/audit';
export { canonicalEventText, chainHash, MerkleFrontier, PostgresEventStore, eventsUpTo, rebuildProjection, verifyChain } from '@sw/event-store';
export { CLOCK, ConfigError, loadConfig, signHs256 } from '@sw/platform';
export { calendarDate, checkTable, exportTable, listSpec, parseTable, storeVersion, validateUscc } from '@sw/reference-data';
export { createToolContext } from '@sw/single-window';
