/** Hidden triggers feeding the Source dropdowns from `GET /api/v1/sources[?vendor=]`. */
import { defineTrigger, type Bundle, type ZObject } from 'zapier-platform-core';
import { listSources } from '../relay/api';
import { VENDOR_NAMES, type Vendor } from '../vendors';

export function sourceTriggerKey(vendor: Vendor | null): string {
  return vendor ? `${vendor}_source` : 'source';
}

export interface SourceChoice {
  id: string;
  name: string;
}

export function sourceTrigger(vendor: Vendor | null) {
  const perform = async (z: ZObject, bundle: Bundle): Promise<SourceChoice[]> => {
    const sources = await listSources(z, bundle, vendor);
    return sources.map((source) => ({
      id: source.id,
      name: `${source.name} (${VENDOR_NAMES[source.vendor]}${source.active ? '' : ', switched off'})`,
    }));
  };
  return defineTrigger({
    key: sourceTriggerKey(vendor),
    noun: 'Source',
    display: {
      label: vendor ? `${VENDOR_NAMES[vendor]} Sources` : 'Sources',
      description: 'Lists the relay\'s sources for the Source dropdown.',
      hidden: true,
    },
    operation: { perform, sample: { id: 'src_01JNQ8Z4W6T2X9R5B7K3M1P0HD', name: 'Front desk (Clarky)' } },
  });
}
