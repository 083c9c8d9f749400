// Where the e2e run serves the site and collects its emails; shared by the config and the tests.
import { fileURLToPath } from 'node:url';

/** A port of its own, so that `npm start` on 4321 is left alone. */
export const port = Number(process.env.E2E_PORT ?? 4391);

/** The origin the browser uses and the base of every link in the emails. */
export const baseURL = `http://127.0.0.1:${port}`;

/** The mailbox folder of this run only: emptied before the run, read by the tests. */
export const mailboxDir = fileURLToPath(new URL('../../../.vouch/e2e-mailbox', import.meta.url));
