import type { Clock, Tokens } from '../ports.ts';
import { issueToken } from '../tokens.ts';

/** Path of the page where a referrer has their name and address erased, e.g. "/forget/<token>/"; undefined without a signing secret. */
export function referrerForgetPath(deps: { tokens: Tokens; clock: Clock }, code: string): string | undefined {
  const token = issueToken(deps, 'erase-referrer', code);
  return token ? `/forget/${token}/` : undefined;
}
