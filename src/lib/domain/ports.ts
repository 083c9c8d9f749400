import type { ContentOf, EmailContent, RecipientRole, SuppressionReason, TemplateName } from './email-content.ts';
import type { Result } from './result.ts';
import type { WebhookEvent, WebhookEventType } from './webhook-events.ts';

/** Thrown by a store adapter when storage cannot be reached or did not confirm a write. */
export class StorageUnavailable extends Error {
  override name = 'StorageUnavailable';
}

/** Named collections of JSON documents. Every read that decides something is strongly consistent. */
export type Collection = 'referrers' | 'referrals' | 'outbox' | 'access' | 'suppressions';

/** Storage port: JSON documents by collection and key. Throws `StorageUnavailable` on failure. */
export interface Store {
  get<T>(collection: Collection, key: string): Promise<T | null>;
  /** Writes only if the key is absent; answers whether this call created it. */
  create(collection: Collection, key: string, value: unknown): Promise<'created' | 'exists'>;
  put(collection: Collection, key: string, value: unknown): Promise<void>;
  /**
   * Changes a document from what is stored now: `change` gets the current value (null when
   * absent) and answers the new one, or null to leave it as it is. The write is conditional on
   * the version read (or on the key being new), and on conflict the read and `change` run
   * again, so `change` must not count on running once. Answers the value stored afterwards.
   */
  update<T>(collection: Collection, key: string, change: (current: T | null) => T | null): Promise<T | null>;
  list(collection: Collection, prefix: string): Promise<string[]>;
  /** The names of the folders right under `prefix` (which ends in `/`): each is a segment of keys below it. Lists no key. */
  folders(collection: Collection, prefix: string): Promise<string[]>;
  delete(collection: Collection, key: string): Promise<void>;
}

/** An email ready for the wire. */
export type OutgoingEmail = {
  from: string;
  to: string[];
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  tags?: { name: string; value: string }[];
  /** Extra header lines, e.g. `List-Unsubscribe`; names and values are built by the renderer, never taken from input. */
  headers?: Record<string, string>;
};

/** Why a send failed; `retryable` says whether sending the same message again may succeed. */
export type MailFailure = {
  code: string;
  retryable: boolean;
  retryAfterSeconds?: number;
  /** For logs only; never shown to a person. */
  detail: string;
};

/** Mail port: sends one email; a repeated idempotency key never sends twice. */
export interface Mailer {
  send(email: OutgoingEmail, options: { idempotencyKey: string }): Promise<Result<{ id: string }, MailFailure>>;
  /**
   * Erases the copies a transport keeps of emails to or about a person (the local mailbox does;
   * Resend's API cannot): those addressed to `email`, and those whose idempotency key is in `messages`.
   */
  forget?(person: { email: string; messages?: readonly string[] }): Promise<void>;
}

/** Turns email content into subject, text and HTML, with the site's sender and links. */
export type Render = (content: EmailContent) => Omit<OutgoingEmail, 'to' | 'replyTo'>;

/** A `Render`, or one that loads the renderer first (a function loads it on its first email, after its answer). */
export type RenderWhenLoaded = (content: EmailContent) => ReturnType<Render> | Promise<ReturnType<Render>>;

/** Time, injected so that use cases are testable. */
export interface Clock {
  now(): Date;
}

/** Identifiers and digests, injected so that the domain needs no crypto of its own. */
export interface Ids {
  /** A unique, time-sortable referral id. */
  referralId(): string;
  /** An unguessable referrer code (128 bits, base64url, 22 characters). */
  referrerCode(): string;
  /** A stable, one-way digest of a value (hex), for keys that must not hold an address. */
  digest(value: string): string;
  /** A random number in [0, 1), for jitter. */
  random(): number;
  /** 128 random bits, base64url: a single-use nonce. */
  nonce(): string;
}

/** What a token in a link is for; a token of one purpose never opens another's door. */
export type TokenPurpose = 'act' | 'respond' | 'referrer' | 'sign-in' | 'session' | 'unsubscribe' | 'erase-referrer' | 'form';

/** What a signed token says: its purpose, what it is bound to, and until when. */
export type TokenClaims = {
  purpose: TokenPurpose;
  /** What the token is bound to, e.g. "jane-okafor/<referral id>". */
  subject: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  /** Makes a single-use token unique. */
  nonce?: string;
};

/** Signs and verifies tokens with the site's secret; comparisons are constant-time. */
export interface Tokens {
  /** Whether a secret is configured; without one nothing is signed. */
  readonly configured: boolean;
  /** A signed token, or null when no signing secret is configured (links that need one are then left out). */
  sign(claims: TokenClaims): string | null;
  /** The claims of a token whose signature holds, or null (forged, malformed, or no secret). Expiry is checked by the caller. */
  verify(token: string): TokenClaims | null;
}

/**
 * A message as its email's builder answers it (src/lib/domain/emails/): which message it is, who
 * gets it and what it says. `pending` (deliver.ts) makes it an outbox record.
 */
export type MessageDraft<T extends TemplateName = TemplateName> = Pick<OutboxMessage, 'key' | 'provider' | 'referral' | 'role' | 'to' | 'replyTo' | 'cap'> & {
  content: ContentOf<T>;
};

/** A message to send, as recorded in the outbox. */
export type OutboxMessage = {
  /** Stable key: the outbox record's key and the mail API's idempotency key. */
  key: string;
  /** The provider the message is about; told when it cannot be delivered. */
  provider: string;
  /** The referral it is about, if any. */
  referral?: string;
  role: RecipientRole;
  to: string[];
  replyTo?: string;
  content: EmailContent;
  /**
   * A cap the message goes out under: it is sent only if its owner (the referral, else the
   * message) holds one of `max` slots under `slots` in `collection`, claimed as it is sent
   * (see `claimSlot`); past the cap it is not sent (`lastError: 'capped'`). A link's thank-yous for a day.
   */
  cap?: { collection: Collection; slots: string; max: number };
  /** `pending` until sent; `dead` after the last attempt failed, kept for the record. */
  status: 'pending' | 'sent' | 'dead';
  attempts: number;
  createdAt: string;
  /** When the scheduler may try again. */
  nextAttemptAt: string;
  sentAt?: string;
  deadAt?: string;
  /** The mail API's error code of the last failure, or why it was not sent at all (`erased`, `capped`, `suppressed`); never a person's data. */
  lastError?: string;
  /** Why it was not sent at all (`lastError: 'suppressed'`): every recipient bounced or complained before. */
  suppressed?: SuppressionReason;
};

/** A webhook ready to sign and post: the adapter signs `body` as it is, with the time of each attempt. */
export type OutgoingWebhook = {
  /** The provider whose endpoint it is for (in local mode, the local receiver's path names them). */
  provider: string;
  /** The endpoint, from the provider's content file. */
  url: string;
  /** The name of the environment variable that holds the endpoint's whsec_… secret. */
  secretVariable: string;
  /** The `webhook-id` header: the outbox key, the same on every attempt, which receivers dedupe on. */
  id: string;
  /** The JSON body, exactly as signed. */
  body: string;
};

/** Why a webhook was not accepted; `retryable` says whether posting it again may succeed. */
export type WebhookFailure = {
  /** A short code for the record and the dashboard, e.g. `http_500`, `timeout`, `refused_address`; never text from the receiver. */
  code: string;
  retryable: boolean;
  retryAfterSeconds?: number;
  /** The receiver's HTTP status, when it answered. */
  status?: number;
  /** For logs only; never shown to a person. */
  detail: string;
};

/** Whether the secret a webhook names can sign: set and well formed, unset, or set to something that is not a whsec_ secret. */
export type WebhookSecretState = 'ready' | 'missing' | 'invalid';

/** Webhook port: signs and posts one event (Standard Webhooks); accepted means a 2xx answer within the time allowed. */
export interface WebhookSender {
  send(webhook: OutgoingWebhook): Promise<Result<{ status: number }, WebhookFailure>>;
  /** Whether the secret variable a provider's content names can sign: events for an endpoint without one are not recorded. */
  secretState(secretVariable: string): WebhookSecretState;
}

/** A webhook to post, as recorded in the outbox beside the emails (`channel` tells them apart). */
export type WebhookMessage = {
  channel: 'webhook';
  /** Stable key: the outbox record's key and the `webhook-id` of every attempt. */
  key: string;
  /** The provider whose endpoint it goes to (their content file names it). */
  provider: string;
  /** The referral it is about; none for a test event. */
  referral?: string;
  event: WebhookEventType;
  /** Set on the sample a provider sends from their dashboard. */
  test?: true;
  /** The body to post; null once the referee was erased (what was not yet sent is then never sent). */
  payload: WebhookEvent | null;
  status: 'pending' | 'sent' | 'dead';
  attempts: number;
  createdAt: string;
  nextAttemptAt: string;
  /** Until when a sender holds it: taken with a conditional write, so that one sender at a time posts it. */
  sendingUntil?: string;
  sentAt?: string;
  deadAt?: string;
  /** The code of the last failure (see `WebhookFailure.code`), or `erased`. */
  lastError?: string;
  /** The receiver's HTTP status at the last attempt that got an answer. */
  lastStatus?: number;
};
