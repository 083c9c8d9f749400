/** Headers for a page that depends on a person: never cached, never indexed, its address never sent to other sites. */
export function markPersonal(headers: Headers): void {
  headers.set('cache-control', 'private, no-store');
  headers.set('x-robots-tag', 'noindex, nofollow');
  // Not `no-referrer`: under it a browser sends `Origin: null` with the page's own form posts,
  // and the same-origin check refuses every submission made without JavaScript.
  headers.set('referrer-policy', 'same-origin');
}
