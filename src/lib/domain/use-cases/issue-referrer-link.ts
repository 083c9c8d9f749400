import { deliverSoon } from '../deliver.ts';
import { enqueue, pending, asMessage, outboxKeys } from '../records/outbox.ts';
import type { UseCaseError } from '../errors.ts';
import { StorageUnavailable } from '../ports.ts';
import { ReferrerInput, type Referrer } from '../referral.ts';
import { err, ok, type Result } from '../result.ts';
import { normaliseEmail } from '../addresses.ts';
import { DAY_MS, dayOf } from '../time.ts';
import type { Deps } from '../deps.ts';
import { referrerLinkEmail } from '../emails/referrer-link.ts';
import { useCase } from '../use-case.ts';
import { referrerKeys, referrerOf } from '../records/referrers.ts';

/**
 * A referrer asks for their personal link. The link goes only to the address given,
 * at most once per address and provider in 24 hours; the caller answers the same
 * whatever happened, so that nobody can learn whether an address is known.
 */
export const issueReferrerLink = useCase(ReferrerInput, async (deps: Deps, input): Promise<Result<{ provider: string }, UseCaseError>> => {
  const provider = deps.directory.get(input.provider);
  if (!provider) return err({ code: 'unknown_provider' });

  const done = ok({ provider: provider.slug });
  const now = deps.clock.now();
  const emailKey = deps.ids.digest(normaliseEmail(input.email));
  const referrer = await findOrCreateReferrer(deps, input, emailKey, now);

  const bucket = dayOf(now.getTime());
  const keyFor = (b: number) => outboxKeys.linkMessage(provider.slug, emailKey, b);
  const previous = asMessage(await deps.store.get<unknown>('outbox', outboxKeys.record(keyFor(bucket - 1))));
  if (previous && now.getTime() - Date.parse(previous.createdAt) < DAY_MS) return done;

  const message = pending(referrerLinkEmail(deps, keyFor(bucket), referrer, provider), now);
  await deliverSoon(deps, await enqueue(deps, [message]));
  return done;
});

async function findOrCreateReferrer(
  deps: Deps,
  input: ReferrerInput,
  emailKey: string,
  now: Date,
): Promise<Referrer> {
  const indexKey = referrerKeys.byAddress(input.provider, emailKey);
  const existing = await referrerAt(deps, indexKey);
  if (existing) return existing;

  const referrer: Referrer = {
    code: deps.ids.referrerCode(),
    provider: input.provider,
    name: input.name,
    email: input.email,
    createdAt: now.toISOString(),
  };
  await deps.store.put('referrers', referrerKeys.record(referrer.code), referrer);
  if ((await deps.store.create('referrers', indexKey, { code: referrer.code })) === 'created') return referrer;
  // Another request for the same address won the race: its code is the one to use.
  await deps.store.delete('referrers', referrerKeys.record(referrer.code));
  const winner = await referrerAt(deps, indexKey);
  if (!winner) throw new StorageUnavailable('referrer index points nowhere');
  return winner;
}

async function referrerAt(deps: Deps, indexKey: string): Promise<Referrer | null> {
  const index = await deps.store.get<{ code: string }>('referrers', indexKey);
  return index ? referrerOf(deps, index.code) : null;
}
