// The committed JSON Schema of webhook bodies: where it lives and what it must hold, for the script
// that writes it and the test that fails when it is stale.
import { webhookEventsJsonSchema } from '../../src/lib/domain/webhook-events.ts';

/** Where the schema is committed, from the project's root. */
export const WEBHOOK_SCHEMA_FILE = 'schemas/webhook-events.v1.json';

/** The file's text as the zod schema makes it now. */
export const webhookSchemaText = (): string => `${JSON.stringify(webhookEventsJsonSchema(), null, 2)}\n`;
