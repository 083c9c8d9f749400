import { getSite } from '../content/site.ts';
import { currentEnv, publicBaseUrl } from '../env.ts';

/** The base of absolute links on pages (canonical URLs, previews, the sitemap): the same one emails use. */
export const siteBaseUrl = (): string => publicBaseUrl(currentEnv(), getSite().baseUrl);
