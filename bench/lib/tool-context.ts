import { tmpdir } from 'node:os';
import { createLogger, loadConfig } from '@sw/platform';
import { createToolContext, type ToolContext } from '../../apps/single-window/src/context';

/**
 * The server's modules without HTTP (what `swctl audit` and `swctl projections rebuild` use),
 * in the bench process, on a bench database: role `api`, so no subscription runs in it.
 */
export function openToolContext(databaseUrl: string, poolSize = 4): Promise<ToolContext> {
  const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', RISK_RANDOM_SELECTION: 'off', DEV_MODE: 'off', DATA_DIR: tmpdir() });
  return createToolContext(config, databaseUrl, createLogger('silent'), { poolSize });
}
