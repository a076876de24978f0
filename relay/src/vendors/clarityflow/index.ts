import type { VendorModule } from '../types.js';
import { guardNormalize } from '../shared/result.js';
import { catalog, setup } from './catalog.js';
import { normalizeClarityflow } from './normalize.js';

export const clarityflow: VendorModule = {
  vendor: 'clarityflow',
  name: 'Clarityflow',
  catalog,
  setup,
  normalize: guardNormalize('Clarityflow', normalizeClarityflow),
};
