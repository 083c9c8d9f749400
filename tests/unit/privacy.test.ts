import { describe, expect, it } from 'vitest';
import { privacyNotice } from '../../src/lib/domain/privacy.ts';
import { site } from '../fixtures/domain.ts';

const text = (notice: ReturnType<typeof privacyNotice>) =>
  [...notice.sections.flatMap((s) => [s.heading, ...s.paragraphs]), ...notice.whoSees.flat()].join('\n');

describe('the privacy notice', () => {
  it("states the site's own retention periods and privacy contact", () => {
    const notice = text(privacyNotice({ ...site, retention: { unprogressedDays: 90, allDays: 400 }, privacyContact: 'dpo@example.org' }));
    expect(notice).toContain('erased 90 days after the referral was made');
    expect(notice).toContain('they are erased after 400 days');
    expect(notice).toContain('write to dpo@example.org');
    expect(notice).not.toContain('180');
  });

  it('covers what is stored, why, who sees what, the email processor, the suppression list and erasure', () => {
    const notice = privacyNotice(site);
    expect(notice.sections.map((s) => s.id)).toEqual(['referrers', 'referees', 'emails', 'erase']);
    const all = text(notice);
    for (const phrase of ['Why:', 'How long:', 'Resend', 'one-way fingerprint', 'every email we send you has a link']) expect(all).toContain(phrase);
    expect(notice.whoSees.find(([what]) => what === "A referrer's email address")![1]).toMatch(/^Nobody but us/);
  });
});
