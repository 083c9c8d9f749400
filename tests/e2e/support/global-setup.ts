// Before the run: an empty mailbox, so that /dev/mailbox/ lists only this run's emails.
import { mkdir, rm } from 'node:fs/promises';
import { mailboxDir } from './settings.ts';

export default async function setup(): Promise<void> {
  await rm(mailboxDir, { recursive: true, force: true });
  await mkdir(mailboxDir, { recursive: true });
}
