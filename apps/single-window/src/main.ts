import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';

@Controller()
class HealthController {
  @Get('health') health() { return { status: 'ok' }; }
}
@Module({ controllers: [HealthController] })
class AppModule {}

async function main() {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter());
  await app.listen(3999, '127.0.0.1');
  const r = await fetch('http://127.0.0.1:3999/health');
  console.log(await r.json());
  await app.close();
}
main();
