import type { Resend } from 'resend';
import type { MailFailure, Mailer } from '../domain/ports.ts';
import { err, ok } from '../domain/result.ts';

/** Resend's error names that a later attempt with the same idempotency key may get past. */
const RETRYABLE = new Set([
  'rate_limit_exceeded',
  'daily_quota_exceeded',
  'concurrent_idempotent_requests',
  'application_error',
  'internal_server_error',
]);

/** A tag name or value as Resend accepts it: ASCII letters, digits, underscores and dashes, at most 256 characters. */
export const tagSafe = (value: string): string => value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256) || '_';

let sdk: Promise<typeof import('resend')> | undefined;

/** The mail port on Resend's API; `baseUrl` points it elsewhere (a local test server). The SDK is loaded on the first send, which comes after the answer. */
export function createResendMailer(options: { apiKey: string; baseUrl?: string; timeoutMs?: number }): Mailer {
  let client: Resend | undefined;
  return {
    async send(email, { idempotencyKey }) {
      const { Resend } = await (sdk ??= import('resend'));
      const resend = (client ??= new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined));
      let response: Awaited<ReturnType<Resend['emails']['send']>>;
      try {
        response = await resend.emails.send(
          {
            from: email.from,
            to: email.to,
            subject: email.subject,
            text: email.text,
            html: email.html,
            ...(email.replyTo ? { replyTo: email.replyTo } : {}),
            ...(email.tags ? { tags: email.tags.map((tag) => ({ name: tagSafe(tag.name), value: tagSafe(tag.value) })) } : {}),
            ...(email.headers ? { headers: email.headers } : {}),
          },
          { idempotencyKey, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) },
        );
      } catch (error) {
        // The SDK rethrows an abort that lands while it reads an error body.
        return err({ code: 'timeout', retryable: true, detail: error instanceof Error ? error.name : 'aborted' });
      }
      if (response.data) return ok({ id: response.data.id });
      const { name, statusCode, message } = response.error;
      const failure: MailFailure = {
        code: name,
        retryable: RETRYABLE.has(name),
        detail: `${statusCode ?? 'network'} ${name}: ${message}`,
      };
      const retryAfter = Number(response.headers?.['retry-after']);
      if (Number.isFinite(retryAfter) && retryAfter > 0) failure.retryAfterSeconds = retryAfter;
      return err(failure);
    },
  };
}
