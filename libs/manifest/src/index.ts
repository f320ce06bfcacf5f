// Manifests (舱单) a carrier files for a conveyance's voyage, the register of which manifest each
// bill of lading is on, and conveyance crossings (运输工具申报) that border check decides.
export * from './domain/manifest';
export * from './domain/bill-register';
export * from './domain/crossing';
export * from './manifest.module';
export * from './domain/conveyance-register';
export * from './manifest-of-bill';
