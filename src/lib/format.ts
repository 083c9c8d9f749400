// How pages and emails say a number: one wording for both, from the emails' copy (its built-in
// words unless a copy file says otherwise).
import { fill } from './email/copy.ts';
import { builtInCopy, type EmailCopy } from './email/wording.ts';

/** "24 hours", "2 days": a promised response time as people say it, in the copy's words. */
export function formatHours(hours: number, words: EmailCopy['common'] = builtInCopy.common): string {
  if (hours >= 48 && hours % 24 === 0) return fill(words.days, { days: hours / 24 });
  return hours === 1 ? words.oneHour : fill(words.hours, { hours });
}
