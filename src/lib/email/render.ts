// The renderer the use cases are given (the `Render` port): each email composed by its template
// (src/lib/domain/emails/) with the site's wording, laid out by React Email (./layout.ts), from
// the site's sender, tagged with its template, with one-click unsubscribe headers where it has them.
import type { Unsubscribe, Render } from '../domain/ports.ts';
import { composeEmail, type EmailCopy } from '../domain/emails/index.ts';
import type { SiteSettings } from '../domain/provider.ts';
import { headerSafe } from './html.ts';
import { type Brand, layout } from './layout.ts';

/**
 * One-click unsubscribe (RFC 8058): mail clients show an "Unsubscribe" button that POSTs
 * `List-Unsubscribe=One-Click` to the URL, with no page in between.
 */
const unsubscribeHeaders = (unsubscribe: Unsubscribe, url: (path: string) => string): Record<string, string> => ({
  'List-Unsubscribe': `<${headerSafe(url(unsubscribe.oneClickPath))}>`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
});

/** The renderer the use cases are given: site settings for sender and brand, a base URL for links, the wording of every email. */
export function createRenderer(site: SiteSettings, baseUrl: string, copy: EmailCopy): Render {
  const url = (path: string) => `${baseUrl}${path}`;
  const brand: Brand = {
    siteName: site.siteName,
    colour: site.brandColour,
    homeUrl: `${baseUrl}/`,
    ...(site.logo ? { logoUrl: /^https?:/.test(site.logo) ? site.logo : `${baseUrl}${site.logo}` } : {}),
  };
  return (content) => {
    const unsubscribe = 'unsubscribe' in content ? content.unsubscribe : undefined;
    return {
      from: site.sender,
      ...layout(composeEmail(content, { copy, site, url }), brand),
      tags: [{ name: 'template', value: content.template }],
      ...(unsubscribe ? { headers: unsubscribeHeaders(unsubscribe, url) } : {}),
    };
  };
}
