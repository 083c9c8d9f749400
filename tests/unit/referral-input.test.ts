import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldMessages, limits, PHONE_PATTERN } from '../../src/lib/domain/limits.ts';
import { IntroductionInput, ReferralInput, ReferrerCode, ReferrerInput } from '../../src/lib/domain/referral.ts';
import { firstNameOf } from '../../src/lib/domain/text.ts';
import { normaliseEmail } from '../../src/lib/domain/addresses.ts';

const CODE = 'AbCdEfGhIjKlMnOpQr_-12';

const referral = (overrides: Record<string, unknown> = {}) => ({
  provider: 'jane-okafor',
  name: 'Zoë Adams',
  email: 'zoe@example.org',
  message: 'I would like help with my pension.',
  consent: true,
  ...overrides,
});

const referrer = (overrides: Record<string, unknown> = {}) => ({
  provider: 'jane-okafor',
  name: 'Alice Walker',
  email: 'alice@example.org',
  ...overrides,
});

/** The messages the schema gives for one field, as a form shows them. */
function errorsFor(schema: typeof ReferralInput | typeof ReferrerInput | typeof IntroductionInput, input: unknown, field: string): string[] {
  const result = schema.safeParse(input);
  expect(result.success, `expected ${JSON.stringify(input)} to be refused`).toBe(false);
  return result.error!.issues.filter((issue) => issue.path[0] === field).map((issue) => issue.message);
}

describe('ReferralInput', () => {
  it('accepts a complete referral and trims what was typed', () => {
    const parsed = ReferralInput.parse(
      referral({
        name: '  Zoë Adams \t',
        email: '  Zoe@Example.org ',
        phone: ' +44 (0)113 496-0000 ',
        message: '\n  Hello,\nI need a plan.  \n',
        ref: CODE,
        shareFirstName: true,
      }),
    );
    expect(parsed).toEqual({
      provider: 'jane-okafor',
      ref: CODE,
      name: 'Zoë Adams',
      email: 'Zoe@Example.org',
      phone: '+44 (0)113 496-0000',
      message: 'Hello,\nI need a plan.',
      consent: true,
      shareFirstName: true,
    });
  });

  it('keeps line breaks in the message, which is the one multi-line field', () => {
    expect(ReferralInput.parse(referral({ message: 'Line one\r\nLine two' })).message).toBe('Line one\r\nLine two');
  });

  it('does not share the first name unless the referee says so', () => {
    expect(ReferralInput.parse(referral()).shareFirstName).toBe(false);
  });

  it('treats the phone number as optional and drops an empty one', () => {
    expect(ReferralInput.parse(referral()).phone).toBeUndefined();
    expect(ReferralInput.parse(referral({ phone: '' })).phone).toBeUndefined();
    expect(ReferralInput.parse(referral({ phone: '   ' })).phone).toBeUndefined();
  });

  it.each([
    ['a line feed', 'Zoë\nBcc: victim@example.org'],
    ['a carriage return', 'Zoë\rAdams'],
    ['a tab', 'Zoë\tAdams'],
    ['a NUL', 'Zoë\u0000Adams'],
    ['an escape', 'Zoë\u001b[31mAdams'],
    ['a DEL', 'Zoë\u007fAdams'],
    ['a next-line (NEL) control', 'Zoë\u0085Adams'],
    ['a C1 control sequence introducer', 'Zoë\u009b31mAdams'],
    ['a line separator', 'Zoë\u2028Adams'],
    ['a paragraph separator', 'Zoë\u2029Adams'],
  ])('refuses a name containing %s', (_, name) => {
    expect(errorsFor(ReferralInput, referral({ name }), 'name')).toEqual(['Name must be a single line of text.']);
  });

  it('refuses a phone number containing a line break', () => {
    expect(errorsFor(ReferralInput, referral({ phone: '0113\r\n4960000' }), 'phone')).toContain(
      'Phone must be a single line of text.',
    );
  });

  it.each([
    ['a NUL', 'Hello\u0000there'],
    ['an escape', 'Hello\u001b[2Jthere'],
    ['a C1 control', 'Hello\u009bthere'],
  ])('refuses a message containing %s', (_, message) => {
    expect(errorsFor(ReferralInput, referral({ message }), 'message')).toEqual([
      "Message contains characters we can't accept.",
    ]);
  });

  it('refuses a phone number made of letters', () => {
    expect(errorsFor(ReferralInput, referral({ phone: 'call me maybe' }), 'phone')).toEqual([
      'Enter a phone number using digits, spaces and + ( ) - only.',
    ]);
  });

  it.each(['zoe', 'zoe@', '@example.org', 'zoe@example', 'zoe example@example.org', 'zoe@example.org\r\nBcc: x@y.z', '<zoe@example.org>'])(
    'refuses the email address %j',
    (email) => {
      expect(errorsFor(ReferralInput, referral({ email }), 'email')).toEqual([
        'Enter an email address like name@example.com.',
      ]);
    },
  );

  it('accepts fields exactly at their limits and refuses one character more', () => {
    const longEmail = `${'a'.repeat(64)}@${'b'.repeat(limits.email - 64 - 1 - 4)}.org`;
    expect(longEmail).toHaveLength(limits.email);
    const atLimit = referral({
      name: 'N'.repeat(limits.name),
      phone: '1'.repeat(limits.phone),
      message: 'm'.repeat(limits.message),
    });
    expect(ReferralInput.safeParse(atLimit).success).toBe(true);

    expect(errorsFor(ReferralInput, referral({ name: 'N'.repeat(limits.name + 1) }), 'name')).toEqual([
      `Name must be at most ${limits.name} characters.`,
    ]);
    expect(errorsFor(ReferralInput, referral({ phone: '1'.repeat(limits.phone + 1) }), 'phone')).toEqual([
      `Phone must be at most ${limits.phone} characters.`,
    ]);
    expect(errorsFor(ReferralInput, referral({ message: 'm'.repeat(limits.message + 1) }), 'message')).toEqual([
      `Message must be at most ${limits.message} characters.`,
    ]);
    expect(errorsFor(ReferralInput, referral({ email: `x${longEmail}` }), 'email')).toContain(
      `Email must be at most ${limits.email} characters.`,
    );
  });

  it('measures limits after trimming, so padding alone does not refuse a field', () => {
    expect(ReferralInput.parse(referral({ name: `  ${'N'.repeat(limits.name)}  ` })).name).toHaveLength(limits.name);
  });

  it('refuses a blank name and a blank message with a friendly request', () => {
    expect(errorsFor(ReferralInput, referral({ name: '   ' }), 'name')).toEqual(['Please tell us your name.']);
    expect(errorsFor(ReferralInput, referral({ message: ' \n ' }), 'message')).toEqual([
      'Please say briefly what you need help with.',
    ]);
  });

  it.each([false, 'true', 'on', 1, null])('refuses consent given as %j: it must be exactly true', (consent) => {
    expect(errorsFor(ReferralInput, referral({ consent }), 'consent')).toEqual([
      'Please agree to be contacted so that the provider can reply.',
    ]);
  });

  it('refuses a missing consent', () => {
    const { consent: _, ...withoutConsent } = referral();
    expect(errorsFor(ReferralInput, withoutConsent, 'consent')).toEqual([
      'Please agree to be contacted so that the provider can reply.',
    ]);
  });

  it('refuses a shareFirstName that is not a boolean', () => {
    expect(errorsFor(ReferralInput, referral({ shareFirstName: 'yes' }), 'shareFirstName')).toEqual([
      'shareFirstName must be true or false.',
    ]);
  });

  it.each(['', 'short', `${CODE}x`, 'AbCdEfGhIjKlMnOpQr+/12', 'AbCdEfGhIjKlMnOpQr=-12', '../../../etc/passwd!!!!'])(
    'refuses the referral code %j',
    (ref) => {
      expect(errorsFor(ReferralInput, referral({ ref }), 'ref')).toEqual(['That referral link is not valid.']);
    },
  );

  it.each(['Jane-Okafor', 'jane--okafor', '-jane', 'jane okafor', '../jane', 'a'.repeat(65)])(
    'refuses the provider %j',
    (provider) => {
      expect(errorsFor(ReferralInput, referral({ provider }), 'provider')).not.toEqual([]);
    },
  );

  it('refuses fields it does not know, such as a recipient address', () => {
    const result = ReferralInput.safeParse(referral({ to: 'attacker@example.org', bcc: 'x@example.org' }));
    expect(result.success).toBe(false);
    const issue = result.error!.issues.find((i) => i.code === 'unrecognized_keys');
    expect(issue).toMatchObject({ keys: ['to', 'bcc'] });
  });
});

describe('ReferrerInput', () => {
  it('accepts a request for a link and trims it', () => {
    expect(ReferrerInput.parse(referrer({ name: ' Alice Walker ', email: ' Alice@Example.org ' }))).toEqual({
      provider: 'jane-okafor',
      name: 'Alice Walker',
      email: 'Alice@Example.org',
    });
  });

  it('refuses a name with a line break, a bad address and an overlong name, each with its message', () => {
    expect(errorsFor(ReferrerInput, referrer({ name: 'Alice\r\nWalker' }), 'name')).toEqual([
      'Name must be a single line of text.',
    ]);
    expect(errorsFor(ReferrerInput, referrer({ email: 'alice@' }), 'email')).toEqual([
      'Enter an email address like name@example.com.',
    ]);
    expect(errorsFor(ReferrerInput, referrer({ name: 'A'.repeat(limits.name + 1) }), 'name')).toEqual([
      `Name must be at most ${limits.name} characters.`,
    ]);
  });

  it('refuses unknown fields, such as a phone number it never asks for', () => {
    const result = ReferrerInput.safeParse(referrer({ phone: '0113 496 0000' }));
    expect(result.success).toBe(false);
    expect(result.error!.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['phone'] })]);
  });
});

describe('ReferrerCode', () => {
  it('accepts 22 base64url characters, the shape of 128 random bits', () => {
    const code = Buffer.alloc(16, 0xfb).toString('base64url');
    expect(ReferrerCode.safeParse(code).success).toBe(true);
  });
});

describe('firstNameOf', () => {
  it.each([
    ['Alice van Dijk', 'Alice'],
    ['  Zoë   Adams ', 'Zoë'],
    ['Zoë\u00a0Adams', 'Zoë'],
    ['Madonna', 'Madonna'],
    ['', ''],
  ])('%j goes by %j', (name, first) => {
    expect(firstNameOf(name)).toBe(first);
  });
});

describe('normaliseEmail', () => {
  it('compares addresses regardless of case and surrounding spaces', () => {
    expect(normaliseEmail('  Alice.Walker@Example.ORG ')).toBe('alice.walker@example.org');
    expect(normaliseEmail('ALICE@example.org')).toBe(normaliseEmail('alice@EXAMPLE.org'));
  });
});

describe('invisible formatting characters', () => {
  // U+202A–U+202E (embeddings and overrides), U+2066–U+2069 (isolates), U+200B–U+200F (zero-width marks and joiners).
  const invisible = [...range(0x202a, 0x202e), ...range(0x2066, 0x2069), ...range(0x200b, 0x200f)].map((c) => String.fromCodePoint(c));
  const textFields = [
    { schema: ReferralInput, input: referral, fields: ['name', 'phone', 'message'] },
    { schema: ReferrerInput, input: referrer, fields: ['name'] },
    { schema: IntroductionInput, input: introduction, fields: ['name', 'context'] },
  ] as const;

  it('are refused in every text field of every form, wherever they stand, with a message saying what is wrong', () => {
    fc.assert(
      fc.property(fc.constantFrom(...invisible), fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (mark, before, after) => {
        for (const { schema, input, fields } of textFields) {
          for (const field of fields) {
            const typed = field === 'phone' ? `0113 ${mark}496 0000` : `Bob${before.replace(/\s/g, '')}${mark}${after.replace(/\s/g, '')}x`;
            const result = schema.safeParse(input({ [field]: typed }));
            expect(result.success, `${field} with U+${mark.codePointAt(0)!.toString(16)}`).toBe(false);
            const messages = result.error!.issues.filter((issue) => issue.path[0] === field).map((issue) => issue.message);
            expect(messages.some((m) => /contains invisible formatting characters/.test(m)), `${field}: ${messages.join(' | ')}`).toBe(true);
          }
        }
      }),
    );
  });

  it('catch the right-to-left trick that shows "Bob \\u202Egnp.exe" as "Bob exe.png"', () => {
    expect(errorsFor(ReferralInput, referral({ name: 'Bob \u202Egnp.exe' }), 'name')).toEqual([
      'Name contains invisible formatting characters (such as text-direction marks), often pasted by accident. Please type it again.',
    ]);
  });

  it('leave names in right-to-left scripts and with combining marks alone', () => {
    for (const name of ['مريم الخطيب', 'דוד לוי', 'Zoë Ådams', 'Nguyễn Thị Minh Khai', '李小龍']) {
      expect(ReferralInput.safeParse(referral({ name })).success, name).toBe(true);
    }
  });
});

describe('the phone pattern', () => {
  it('compiles as browsers compile a pattern attribute (the v flag), and agrees with the schema', () => {
    const browser = new RegExp(`^(?:${PHONE_PATTERN})$`, 'v');
    for (const phone of ['+44 (0)113 496 0000', '0113-496-0000', '07700.900123']) {
      expect(browser.test(phone), phone).toBe(true);
      expect(ReferralInput.safeParse(referral({ phone })).success, phone).toBe(true);
    }
    for (const phone of ['call me', '12', '0113/496']) {
      expect(browser.test(phone), phone).toBe(false);
      expect(errorsFor(ReferralInput, referral({ phone }), 'phone')).toEqual([fieldMessages.phone.invalid]);
    }
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function introduction(overrides: Record<string, unknown> = {}) {
  return { key: 'k'.repeat(40), name: 'Priya Shah', email: 'priya@example.org', context: 'She is planning her retirement.', expected: true, ...overrides };
}
