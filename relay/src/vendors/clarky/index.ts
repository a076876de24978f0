import type { VendorModule } from '../types.js';
import { guardNormalize } from '../shared/result.js';
import { catalog, setup } from './catalog.js';
import { normalizeClarky } from './normalize.js';

export const clarky: VendorModule = {
  vendor: 'clarky',
  name: 'Clarky',
  catalog,
  setup,
  normalize: guardNormalize('Clarky', normalizeClarky),
};
