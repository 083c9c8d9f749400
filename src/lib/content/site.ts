import generated from '../../generated/site.json' with { type: 'json' };
import { SiteSettings } from '../domain/provider.ts';

let site: SiteSettings | undefined;

/** The site settings, from a file of their own: every page reads them, and must not load every provider with them. */
export const getSite = (): SiteSettings => (site ??= SiteSettings.parse(generated));
