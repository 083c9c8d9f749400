// Writes schemas/webhook-events.v1.json, the JSON Schema of every webhook's body, from the zod
// schema the sender builds them with (src/lib/domain/webhook-events.ts). Run it after changing
// that schema (`npm run schema:webhooks`); tests/unit/webhook-events.test.ts fails while the
// committed file is stale.
import { writeFile } from 'node:fs/promises';
import { WEBHOOK_SCHEMA_FILE, webhookSchemaText } from './lib/webhook-schema.ts';

await writeFile(WEBHOOK_SCHEMA_FILE, webhookSchemaText());
console.log(`wrote ${WEBHOOK_SCHEMA_FILE}`);
