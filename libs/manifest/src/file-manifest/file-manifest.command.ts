import type { Principal } from '@sw/platform';
import type { FileManifestRequest } from '../http/manifest.dtos';

/** 舱单: a carrier files the manifest of a conveyance's voyage. */
export class FileManifest {
  constructor(readonly body: FileManifestRequest, readonly principal: Principal) {}
}
