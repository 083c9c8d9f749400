/** Field limits shared by the forms (`maxlength`), the client script and the schemas; no zod here, so pages can ship it. */
export const limits = { name: 100, email: 254, phone: 30, message: 2000, context: 600 } as const;

/** The pattern a phone number must match, for the form's `pattern` and the schema alike. */
export const PHONE_PATTERN = '\\+?[0-9 ().\\-]{5,}';
