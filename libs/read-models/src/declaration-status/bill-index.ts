import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * declaration_status_bill (bill_of_lading) is covered by declaration_status_bill_time
 * (bill_of_lading, submitted_at desc), whose leading column answers every look-up by bill
 * alone; it only cost an index entry on every status change of every declaration.
 */
export class DeclarationStatusBillIndex1763900022210 implements MigrationInterface {
  name = 'DeclarationStatusBillIndex1763900022210';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop index if exists declaration_status_bill');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('create index if not exists declaration_status_bill on declaration_status (bill_of_lading)');
  }
}
