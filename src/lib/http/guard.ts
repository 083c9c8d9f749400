import { errorSummary } from '../domain/errors.ts';
import { json } from './submission.ts';

/** Response headers that describe the platform's inner workings (timings, store calls) and may tell one case from another. */
export const isInternalHeader = (name: string): boolean => /^(x-nf-|server-timing$|x-netlify-|x-vouch-)/i.test(name);

/** A response with no internal header left; the same response when it carries none. */
export function withoutInternalHeaders(response: Response): Response {
  const names = [...response.headers.keys()].filter(isInternalHeader);
  if (names.length === 0) return response;
  const headers = new Headers(response.headers);
  for (const name of names) headers.delete(name);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * Wraps a handler so that an unexpected failure answers a plain 500 with no stack or
 * vendor text, and logs only the error's name and message (never a request body). The
 * answer carries no internal header (see `unlistedFetch` for the one the runtime adds).
 */
export function guarded<A extends unknown[]>(name: string, handler: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return withoutInternalHeaders(await handler(...args));
    } catch (error) {
      console.error(`vouch: ${name} failed: ${errorSummary(error)}`);
      return json(500, { error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' } });
    }
  };
}

/** A 303 See Other, the answer to a form post that succeeded. */
export const seeOther = (location: string): Response =>
  new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store' } });

/** The page answer while storage is down: a plain 503 that asks to come back in a minute. */
export const tryAgainLater = (): Response =>
  new Response('Please try again in a minute.', { status: 503, headers: { 'retry-after': '60' } });
