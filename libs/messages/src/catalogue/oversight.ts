import type { Catalogue } from './types';

/** 整体通关时间: the alarms officers see when a shipment stays unreleased too long. */
export const OVERSIGHT: Catalogue = {
  'clearance-over-24h': ['通关时间已超过 24 小时仍未放行', 'Unreleased for more than 24 hours'],
  'clearance-over-48h': ['通关时间已超过 48 小时仍未放行', 'Unreleased for more than 48 hours'],
};
