import type { DeclineReason } from './stages.ts';

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

/** A provider's photo as an email may show it: its path for a JPEG or PNG (mail clients show no WebP or AVIF). */
export const emailPhotoOf = (provider: { photo?: { src: string } | undefined }): string | undefined =>
  provider.photo && /\.(?:jpe?g|png)$/i.test(provider.photo.src) ? provider.photo.src : undefined;

/** Who an email goes to, by role; recorded with the message for audits and erasure. */
export type RecipientRole = 'referrer' | 'referee' | 'provider';
