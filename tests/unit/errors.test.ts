import { describe, expect, it } from 'vitest';
import { invalidInput } from '../../src/lib/domain/errors.ts';
import { fieldMessages } from '../../src/lib/domain/limits.ts';
import { ReferralInput, ReferrerInput } from '../../src/lib/domain/referral.ts';
import type { Deps } from '../../src/lib/domain/deps.ts';
import { issueReferrerLink } from '../../src/lib/domain/use-cases/issue-referrer-link.ts';
import { submitReferral } from '../../src/lib/domain/use-cases/submit-referral.ts';
import { createTokens } from '../../src/lib/adapters/tokens.ts';
import { directoryOf, fixedIds, provider, site, TEST_SECRET } from '../fixtures/domain.ts';
import { createMemoryStore } from '../support/memory-store.ts';
import { createRecordingMailer } from '../support/recording-mailer.ts';
import { noWebhooks } from '../support/no-webhooks.ts';

const good = {
  provider: 'jane-okafor',
  name: 'Zoë Adams',
  email: 'zoe@example.org',
  message: 'Help with my pension, please.',
  consent: true,
};

const errorsOf = (input: unknown) => {
  const parsed = ReferralInput.safeParse(input, { reportInput: true });
  if (parsed.success) throw new Error('expected the input to be refused');
  return invalidInput(parsed.error);
};

describe('invalidInput', () => {
  it('puts each problem next to its field', () => {
    expect(errorsOf({ ...good, email: 'zoe@', name: 'Zoë\nAdams' })).toEqual({
      code: 'invalid_input',
      fieldErrors: {
        name: ['Name must be a single line of text.'],
        email: ['Enter an email address like name@example.com.'],
      },
      formErrors: [],
    });
  });

  it('says which fields are required when they are missing, in the words the form shows', () => {
    const { fieldErrors } = errorsOf({});
    expect(fieldErrors).toEqual({
      provider: ['Provider is required.'],
      name: [fieldMessages.yourName.required],
      email: [fieldMessages.email.required],
      message: [fieldMessages.message.required],
      consent: [fieldMessages.consent.required],
    });
    // Empty and blank are missing too, whichever path sent them (a script sends "", a plain form post drops it).
    expect(errorsOf({ ...good, name: '   ', email: '', message: ' \n ' }).fieldErrors).toEqual({
      name: [fieldMessages.yourName.required],
      email: [fieldMessages.email.required],
      message: [fieldMessages.message.required],
    });
  });

  it('tells a field of the wrong type apart from a missing one', () => {
    expect(errorsOf({ ...good, name: 42, email: ['zoe@example.org'] })).toMatchObject({
      fieldErrors: { name: ['Name must be text.'], email: ['Email must be text.'] },
    });
  });

  it('turns unknown fields into one form error naming them', () => {
    expect(errorsOf({ ...good, to: 'x@example.org' })).toEqual({
      code: 'invalid_input',
      fieldErrors: {},
      formErrors: ['Unknown field: to.'],
    });
    expect(errorsOf({ ...good, a: 1, b: 2 })).toMatchObject({ formErrors: ['Unknown fields: a, b.'] });
    const many = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((k) => [k, 1]));
    expect(errorsOf({ ...good, ...many })).toMatchObject({ formErrors: ['Unknown fields: a, b, c, d, e.'] });
  });

  it('asks for a JSON object when the body is not one', () => {
    for (const input of [[], 'name=Zoë', null, 42]) {
      expect(errorsOf(input)).toEqual({
        code: 'invalid_input',
        fieldErrors: {},
        formErrors: ['Send the fields as a JSON object.'],
      });
    }
  });
});

describe('what the use cases answer for bad input', () => {
  const jane = provider();
  const deps = (): Deps & { mailer: ReturnType<typeof createRecordingMailer> } => ({
    store: createMemoryStore(),
    mailer: createRecordingMailer(),
    webhooks: noWebhooks,
    render: () => ({ from: 'site@example.com', subject: 's', text: 't', html: 'h' }),
    clock: { now: () => new Date('2030-01-01T00:00:00Z') },
    ids: fixedIds(),
    tokens: createTokens(TEST_SECRET),
    directory: directoryOf(jane),
    retention: site.retention,
  });

  it('a referral with a name of the wrong type is told the name must be text, and nothing is sent', async () => {
    const d = deps();
    const result = await submitReferral(d, { ...good, name: 42 });
    expect(result).toEqual({
      ok: false,
      error: { code: 'invalid_input', fieldErrors: { name: ['Name must be text.'] }, formErrors: [] },
    });
    expect(d.mailer.calls).toEqual([]);
  });

  it('a referral without a name is told the name is required', async () => {
    const { name: _, ...withoutName } = good;
    const result = await submitReferral(deps(), withoutName);
    expect(result).toMatchObject({ ok: false, error: { fieldErrors: { name: [fieldMessages.yourName.required] } } });
  });

  it('a request for a link tells a wrong type apart from a missing field', async () => {
    const result = await issueReferrerLink(deps(), { provider: 'jane-okafor', email: { address: 'a@example.org' } });
    expect(result).toMatchObject({
      ok: false,
      error: { fieldErrors: { name: [fieldMessages.yourName.required], email: ['Email must be text.'] } },
    });
  });

  it('uses the same schema for links: an unknown field is a form error', async () => {
    const parsed = ReferrerInput.safeParse({ provider: 'jane-okafor', name: 'A', email: 'a@example.org', x: 1 });
    expect(invalidInput(parsed.error!)).toMatchObject({ formErrors: ['Unknown field: x.'] });
  });
});
