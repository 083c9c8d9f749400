import generated from '../../generated/site.json' with { type: 'json' };
import type { SiteSettings } from '../domain/provider.ts';

/** The site settings, from a file of their own (validated when generated): every page reads them, and must not load every provider with them. */
export const getSite = (): SiteSettings => generated as unknown as SiteSettings;
