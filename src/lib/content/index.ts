import generated from '../../generated/content.json' with { type: 'json' };
import { Provider, type ProviderEntry, SiteSettings } from '../domain/provider.ts';
import type { Directory } from '../domain/deps.ts';
import { Slug } from '../domain/text.ts';
import { normaliseEmail } from '../domain/addresses.ts';
import { type EmailCopy, parseEmailCopy } from '../domain/emails/index.ts';

type Content = { site: SiteSettings; providers: ProviderEntry[]; emails: EmailCopy };
let content: Content | undefined;

/** The validated content, from the file generated out of `content/` at build time. */
export function getContent(): Content {
  content ??= {
    site: SiteSettings.parse(generated.site),
    providers: generated.providers.map(({ slug, ...entry }) => ({ ...Provider.parse(entry), slug: Slug.parse(slug) })),
    emails: emailCopyOf(generated),
  };
  return content;
}

/** The email copy of the generated file: checked at build time, so a problem here is a stale or hand-edited file. */
function emailCopyOf(file: object): EmailCopy {
  const parsed = parseEmailCopy('emails' in file ? file.emails : undefined);
  if (!parsed.ok) throw new Error(`src/generated/content.json: the email copy is not valid; run npm run content (${parsed.error.issues[0]?.message})`);
  return parsed.value;
}

/** The wording of every email. */
export const getEmailCopy = (): EmailCopy => getContent().emails;

/** Providers by slug: the only source of a provider's addresses. */
export function createDirectory(): Directory {
  const bySlug = new Map(getContent().providers.map((provider) => [provider.slug, provider]));
  const byAddress = new Map<string, ProviderEntry[]>();
  for (const provider of bySlug.values()) {
    for (const address of new Set(provider.notify.map(normaliseEmail))) byAddress.set(address, [...(byAddress.get(address) ?? []), provider]);
  }
  return { get: (slug) => bySlug.get(slug), byAddress: (email) => byAddress.get(normaliseEmail(email)) ?? [] };
}
