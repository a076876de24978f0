import type { VendorModule } from '../types.js';
import { neverThrows } from '../shared/result.js';
import { catalog, setup } from './catalog.js';
import { normalizeClockwork } from './normalize.js';

export const clockwork: VendorModule = {
  vendor: 'clockwork',
  name: 'Clockwork',
  catalog,
  setup,
  normalize: neverThrows('Clockwork', normalizeClockwork),
};
