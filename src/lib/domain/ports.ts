import type { Result } from './result.ts';
import type { DeclineReason } from './stages.ts';

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

/**
 * A message as its email's builder answers it (src/lib/domain/emails/): which message it is, who
 * gets it and what it says. `pending` (records/outbox.ts) makes it an outbox record.
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

/** Why an address is no longer written to: it bounced for good, or its owner marked our email as spam. */
export type SuppressionReason = 'bounced' | 'complained';

/**
 * What each email says, as data: the shape of an outbox message's content, stored with it and
 * read back when it is sent, perhaps long after (fields added later are optional). Each
 * email's builder (src/lib/domain/emails/<template>.ts) fills it in from records through the
 * redaction rules; its composition uses only what is here, so an email cannot carry a field
 * that was never put in.
 */
export type EmailContent =
  | {
      template: 'referrer-link';
      /** The provider's photo (a JPEG or PNG path under /photos/), shown beside their name; their initials otherwise. */
      providerPhoto?: string;
      /** Absent when the name typed is not fit to repeat (see `greetingName`). */
      referrerFirstName?: string;
      providerName: string;
      /** Path of the personal link, e.g. "/r/<code>". */
      linkPath: string;
      /** Path of the referrer's own page (their referrals, introductions); absent without a signing secret. */
      pagePath?: string;
      /** Path of the page to share it from, e.g. "/share/<code>/"; absent in messages queued before share pages existed. */
      sharePath?: string;
      /** Path of the page where they can have their name and address erased; absent without a signing secret. */
      forgetPath?: string;
    }
  | {
      template: 'referrer-thanks';
      /** The provider's photo (a JPEG or PNG path under /photos/), shown beside their name; their initials otherwise. */
      providerPhoto?: string;
      /** The referrer introduced the person themselves (rather than the person using their link). */
      introduction?: true;
      referrerFirstName?: string;
      providerName: string;
      responseHours: number;
      /** Only when the referee allowed it. */
      refereeFirstName?: string;
      /** Where to stop these emails (stops thank-yous too); absent without a signing secret. */
      unsubscribe?: Unsubscribe;
      /** Path of the page where they can have their name and address erased; absent without a signing secret. */
      forgetPath?: string;
    }
  | {
      template: 'referee-confirmation';
      /** The provider's photo (a JPEG or PNG path under /photos/), shown beside their name; their initials otherwise. */
      providerPhoto?: string;
      refereeFirstName?: string;
      providerName: string;
      responseHours: number;
      /** The referrer's first name, when the referral came through a link. */
      referrerFirstName?: string;
      /** Path of the page where they can withdraw and have their details erased. */
      respondPath?: string;
      /** The provider who passed them on, when they accepted a hand-off. */
      handedOnBy?: string;
      /** The provider's booking page (https, from their content file): the person may pick a time themselves. */
      bookingUrl?: string;
    }
  | {
      template: 'provider-alert';
      providerName: string;
      referralId: string;
      /** Where it came from: `direct` when the person came straight to the provider's page. */
      kind: 'recommendation' | 'introduction' | 'direct';
      refereeName: string;
      refereeEmail: string;
      refereePhone?: string;
      message: string;
      /** The referrer's full name, so the provider can thank them too. */
      referrerName?: string;
      responseHours: number;
      /** When the promised response is due, ISO 8601. */
      respondBy: string;
      shareFirstName: boolean;
      /** Path of the one-click action page for this referral; absent without a signing secret. */
      actionsPath?: string;
      /** The provider who handed this person on, with the person's consent. */
      handedOnBy?: string;
      /** The provider's IANA time zone for the reply-by time; the site's when absent. */
      timeZone?: string;
    }
  | {
      template: 'introduction-notice';
      /** The provider's photo (a JPEG or PNG path under /photos/), shown beside their name; their initials otherwise. */
      providerPhoto?: string;
      refereeFirstName?: string;
      /**
       * The introducer's first name, only where it looks like a name (`greetingName`); a neutral
       * phrase stands in otherwise. Never their address, and never their words: what they wrote
       * about the person goes to the provider alone.
       */
      referrerFirstName?: string;
      providerName: string;
      profession: string;
      responseHours: number;
      /** Path of the page where they can decline and have their details erased. */
      respondPath?: string;
      /** Days their details are kept if nothing comes of it. */
      retentionDays: number;
    }
  | {
      template: 'referrer-milestone';
      /** The provider's photo (a JPEG or PNG path under /photos/), shown beside their name; their initials otherwise. */
      providerPhoto?: string;
      referrerFirstName?: string;
      providerName: string;
      /** The stage reached; the note is a fixed phrase for it. */
      stage: 'contacted' | 'met' | 'working' | 'declined' | 'handed-on' | 'withdrawn';
      reason?: DeclineReason;
      /** Only when the referee allowed it. */
      refereeFirstName?: string;
      /** The better-placed peer, when handed on. */
      partnerName?: string;
      /** Where to stop these notes; absent without a signing secret. */
      unsubscribe?: Unsubscribe;
      /** Path of the page where they can have their name and address erased; absent without a signing secret. */
      forgetPath?: string;
    }
  | {
      template: 'handoff-request';
      /** The provider's photo (a JPEG or PNG path under /photos/), shown beside their name; their initials otherwise. */
      providerPhoto?: string;
      refereeFirstName?: string;
      providerName: string;
      partnerName: string;
      partnerProfession: string;
      partnerHelpsBest: string;
      /** Path of the partner's own page, to read about them before answering; absent in messages queued before it was added. */
      partnerPath?: string;
      /** Path of the page where they accept or refuse. */
      respondPath: string;
    }
  | {
      template: 'referee-withdrew';
      providerName: string;
      referralId: string;
      /**
       * Declined an introduction or withdrew a recommendation (details erased either way), or
       * refused a hand-off.
       */
      why: 'declined' | 'withdrawn' | 'refused-handoff';
      /** When the referral arrived, ISO 8601: how the provider knows which it was once the details are gone. */
      receivedAt: string;
      /** The person's name, while their details are kept (a refused hand-off); never after an erasure. */
      refereeName?: string;
      /** The provider's IANA time zone, for the date. */
      timeZone?: string;
    }
  | {
      template: 'provider-reminder';
      providerName: string;
      referralId: string;
      refereeName: string;
      responseHours: number;
      respondBy: string;
      /** The second and last reminder, to every notification address. */
      escalation: boolean;
      actionsPath?: string;
      /** The provider's IANA time zone for the reply-by time; the site's when absent. */
      timeZone?: string;
    }
  | {
      template: 'dashboard-sign-in';
      providerName: string;
      /** Path of the sign-in page; the link works once, for `minutes`. */
      signInPath: string;
      minutes: number;
    }
  | {
      template: 'delivery-failed';
      providerName: string;
      /** Who the undelivered email was for, by role only. */
      role: RecipientRole;
      /** The template of the undelivered email. */
      failedTemplate: string;
      /** The referral it was about, when there is one. */
      referralId?: string;
      attempts: number;
      reason: string;
      /** Set when it was never sent because the address bounced or complained before. */
      suppressed?: SuppressionReason;
      /**
       * For a personal link that was not sent: the first name the person gave when they asked,
       * so that the provider knows who (blanked if that referrer is erased).
       */
      referrerFirstName?: string;
    }
  | {
      template: 'webhook-problem';
      providerName: string;
      /** `gone`: their endpoint answered 410 Gone and is turned off; `failing`: an event was given up on after every attempt (one notice a day at most). */
      why: 'gone' | 'failing';
      /** The endpoint's host only, e.g. "hooks.zapier.com": its path may hold a token. */
      endpointHost: string;
      /** For `failing`: how many times the event was tried. */
      attempts?: number;
      /** For `failing`: the last failure, in words, e.g. "HTTP 500" or "no answer in time". */
      reason?: string;
    };

/** The paths of a referrer's unsubscribe page and of its one-click endpoint (RFC 8058, for the List-Unsubscribe header). */
export type Unsubscribe = { pagePath: string; oneClickPath: string };

/** The name of a template. */
export type TemplateName = EmailContent['template'];

/** The content of one template. */
export type ContentOf<T extends TemplateName> = Extract<EmailContent, { template: T }>;

/** Who an email goes to, by role; recorded with the message for audits and erasure. */
export type RecipientRole = 'referrer' | 'referee' | 'provider';
