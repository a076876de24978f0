import type { VendorModule } from '../types.js';
import { guardNormalize } from '../shared/result.js';
import { catalog, setup } from './catalog.js';
import { normalizeClockwiseMd } from './normalize.js';

export const clockwiseMd: VendorModule = {
  vendor: 'clockwise_md',
  name: 'Clockwise.MD',
  catalog,
  setup,
  normalize: guardNormalize('Clockwise.MD', normalizeClockwiseMd),
};
