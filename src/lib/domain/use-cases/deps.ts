import type { DeliveryDeps } from '../deliver.ts';
import type { ProviderEntry } from '../provider.ts';
import type { Ids } from '../ports.ts';

/** Looks up providers from content; the only source of a provider's addresses. */
export interface Directory {
  get(slug: string): ProviderEntry | undefined;
}

/** Everything a use case may touch, passed as one object. */
export type Deps = DeliveryDeps & { ids: Ids; directory: Directory };
