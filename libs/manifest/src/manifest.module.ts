import { Global, Module } from '@nestjs/common';
import { MANIFEST_OF_BILL } from '@sw/shipment';
import { AmendManifestHandler } from './amend-manifest/amend-manifest.handler';
import { DecideCrossingHandler } from './decide-crossing/decide-crossing.handler';
import { CrossingsController } from './declare-crossing/crossings.controller';
import { DeclareCrossingHandler } from './declare-crossing/declare-crossing.handler';
import { FileManifestHandler } from './file-manifest/file-manifest.handler';
import { ManifestsController } from './file-manifest/manifests.controller';
import { ManifestOfBillFromStreams } from './manifest-of-bill';

/** 舱单 and 运输工具申报: the carriers' filings and border check's decisions on crossings. Global: it answers MANIFEST_OF_BILL for the arrival report. */
@Global()
@Module({
  controllers: [ManifestsController, CrossingsController],
  providers: [FileManifestHandler, AmendManifestHandler, DeclareCrossingHandler, DecideCrossingHandler, { provide: MANIFEST_OF_BILL, useClass: ManifestOfBillFromStreams }],
  exports: [MANIFEST_OF_BILL],
})
export class ManifestModule {}
