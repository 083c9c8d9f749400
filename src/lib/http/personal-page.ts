/** Headers for a page that depends on a person: never cached, never indexed. */
export function markPersonal(headers: Headers): void {
  headers.set('cache-control', 'private, no-store');
  headers.set('x-robots-tag', 'noindex, nofollow');
  headers.set('referrer-policy', 'no-referrer');
}
