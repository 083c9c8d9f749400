import type { AstroGlobal } from 'astro';
import { type CollectionEntry, getEntry } from 'astro:content';
import { createDeps } from '../adapters/deps.ts';
import { tryAgainLater } from '../http/guard.ts';
import { personalLinkPath } from '../domain/share.ts';
import { type Greeting, greetReferee } from '../domain/use-cases/greet-referee.ts';
import { markPersonal } from '../http/personal-page.ts';
import { siteBaseUrl } from './base-url.ts';

/** A personal link found: whose it is (first name only), its provider's content entry, and its full address. */
export type PersonalLink = { greeting: Greeting; entry: CollectionEntry<'providers'>; link: string };

/**
 * The personal link a page is about (`Astro.params.code`), with the page marked personal; or
 * the answer to give instead: 503 while storage is down, the not-found page for an unknown code.
 */
export async function loadPersonalLink(astro: AstroGlobal): Promise<PersonalLink | Response> {
  markPersonal(astro.response.headers);
  const greeting = await greetReferee(createDeps(), astro.params.code ?? '');
  if (!greeting.ok) {
    if (greeting.error.code === 'unavailable') return tryAgainLater();
    return astro.rewrite('/not-found/');
  }
  const entry = await getEntry('providers', greeting.value.provider);
  if (!entry) return astro.rewrite('/not-found/');
  return { greeting: greeting.value, entry, link: `${siteBaseUrl()}${personalLinkPath(greeting.value.code)}` };
}
