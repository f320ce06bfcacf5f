import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { CataloguesController } from './publish-catalogue/catalogues.controller';
import { PublishCatalogueHandler } from './publish-catalogue/publish-catalogue.handler';
import { ChargesController } from './record-charge/charges.controller';
import { RecordChargeHandler } from './record-charge/record-charge.handler';
import { SHIPMENT_FACTS, type ShipmentFacts } from './shipment-facts';

/** 口岸收费目录清单 and the port charges checked against it; the application binds what a charge knows of its shipment. */
@Module({})
export class FeesModule {
  static register(shipmentFacts: Type<ShipmentFacts>): DynamicModule {
    return {
      module: FeesModule,
      controllers: [CataloguesController, ChargesController],
      providers: [PublishCatalogueHandler, RecordChargeHandler, { provide: SHIPMENT_FACTS, useClass: shipmentFacts }],
    };
  }
}
