import type { ProviderEntry } from '../provider.ts';
import type { Clock, Ids, Mailer, Render, Store } from '../ports.ts';

/** Looks up providers from content; the only source of a provider's addresses. */
export interface Directory {
  get(slug: string): ProviderEntry | undefined;
}

/** Everything a use case may touch, passed as one object. */
export type Deps = {
  store: Store;
  mailer: Mailer;
  render: Render;
  clock: Clock;
  ids: Ids;
  directory: Directory;
};
