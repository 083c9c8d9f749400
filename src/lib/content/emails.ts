import generated from '../../generated/emails.json' with { type: 'json' };
import { type EmailCopy, parseEmailCopy } from '../domain/emails/index.ts';

let copy: EmailCopy | undefined;

/** The wording of every email, from the file generated out of `content/emails.yaml` (checked then: a problem here is a stale or hand-edited file). */
export function getEmailCopy(): EmailCopy {
  if (copy) return copy;
  const parsed = parseEmailCopy(generated);
  if (!parsed.ok) throw new Error(`src/generated/emails.json: the email copy is not valid; run npm run content (${parsed.error.issues[0]?.message})`);
  copy = parsed.value;
  return copy;
}
