/** Field limits shared by the forms (`maxlength`), the client script and the schemas; no zod here, so pages can ship it. */
export const limits = { name: 100, email: 254, phone: 30, message: 2000, context: 600 } as const;

/** People one referrer may introduce in a day, unless `introductionsPerDay` in content/site.json says otherwise. */
export const INTRODUCTIONS_PER_DAY = 3;

/**
 * The pattern a phone number must match, for the form's `pattern` and the schema alike. Browsers
 * compile `pattern` with the `v` flag, where `(` and `)` in a class must be escaped.
 */
export const PHONE_PATTERN = '\\+?[0-9 \\(\\).\\-]{5,}';

/** What a field's check says: when it is left empty, and when what was typed is not right. */
export type FieldMessages = { required?: string; invalid?: string };

/**
 * The words of every form field's mistakes, in one place: the schemas give them, the page shown
 * after a plain form post repeats them, and the form's script shows them before anything is sent.
 */
export const fieldMessages = {
  yourName: { required: 'Please tell us your name.' },
  theirName: { required: 'Please give their name.' },
  email: { required: 'Enter an email address like name@example.com.', invalid: 'Enter an email address like name@example.com.' },
  phone: { invalid: 'Enter a phone number using digits, spaces and + ( ) - only.' },
  message: { required: 'Please say briefly what you need help with.' },
  context: { required: 'Please say in a sentence why you are introducing them.' },
  consent: { required: 'Please agree to be contacted so that the provider can reply.' },
  expected: { required: 'Please introduce only someone who knows and expects to hear from them.' },
} as const satisfies Record<string, FieldMessages>;
