import type { AstroGlobal } from 'astro';
import { createDeps } from '../adapters/deps.ts';
import { tryAgainLater } from '../http/guard.ts';
import type { ProviderEntry } from '../domain/provider.ts';
import { paths } from '../domain/routes.ts';
import { type Greeting, greetReferee } from '../domain/use-cases/greet-referee.ts';
import { markPersonal } from '../http/personal-page.ts';
import { siteBaseUrl } from './base-url.ts';

/** A personal link found: whose it is (first name only), its provider, and its full address. */
export type PersonalLink = { greeting: Greeting; provider: ProviderEntry; link: string };

/**
 * The personal link a page is about (`Astro.params.code`), with the page marked personal; or
 * the answer to give instead: 503 while storage is down, the not-found page for an unknown code.
 */
export async function loadPersonalLink(astro: AstroGlobal): Promise<PersonalLink | Response> {
  markPersonal(astro.response.headers);
  const deps = createDeps();
  const greeting = await greetReferee(deps, astro.params.code ?? '');
  if (!greeting.ok) {
    if (greeting.error.code === 'unavailable') return tryAgainLater();
    return astro.rewrite(paths.notFound());
  }
  const provider = deps.directory.get(greeting.value.provider);
  if (!provider) return astro.rewrite(paths.notFound());
  return { greeting: greeting.value, provider, link: `${siteBaseUrl()}${paths.personalLink(greeting.value.code)}` };
}
