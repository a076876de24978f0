import type { VendorModule } from '../types.js';
import { guardNormalize } from '../shared/result.js';
import { catalog, setup } from './catalog.js';
import { normalizeClockwork } from './normalize.js';

export const clockwork: VendorModule = {
  vendor: 'clockwork',
  name: 'Clockwork',
  catalog,
  setup,
  normalize: guardNormalize('Clockwork', normalizeClockwork),
};
