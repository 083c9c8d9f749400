import { describe, expect, it } from 'vitest';
import { mailTransport, readEnv } from '../../src/lib/env.ts';

const transportFor = (source: Record<string, string | undefined>) => mailTransport(readEnv(source));

describe('mailTransport', () => {
  it('sends through Resend when RESEND_API_KEY is set', () => {
    expect(transportFor({ RESEND_API_KEY: 're_123' })).toEqual({ kind: 'resend', apiKey: 're_123' });
  });

  it('points Resend at RESEND_BASE_URL when given', () => {
    expect(transportFor({ RESEND_API_KEY: 're_123', RESEND_BASE_URL: 'http://127.0.0.1:4010' })).toEqual({
      kind: 'resend',
      apiKey: 're_123',
      baseUrl: 'http://127.0.0.1:4010',
    });
  });

  it('prefers Resend over the mailbox when both are configured', () => {
    expect(transportFor({ RESEND_API_KEY: 're_123', MAILBOX_DIR: '/tmp/mail', NETLIFY_DEV: 'true' }).kind).toBe('resend');
  });

  it('writes to the mailbox folder given in MAILBOX_DIR', () => {
    expect(transportFor({ MAILBOX_DIR: '/tmp/vouch-mail' })).toEqual({ kind: 'mailbox', dir: '/tmp/vouch-mail' });
  });

  it.each(['NETLIFY_DEV', 'NETLIFY_LOCAL'])('writes to .vouch/mailbox under Netlify local tooling (%s=true)', (name) => {
    expect(transportFor({ [name]: 'true' })).toEqual({ kind: 'mailbox', dir: '.vouch/mailbox' });
  });

  it('uses MAILBOX_DIR rather than the default folder under local tooling', () => {
    expect(transportFor({ MAILBOX_DIR: 'mail', NETLIFY_DEV: 'true' })).toEqual({ kind: 'mailbox', dir: 'mail' });
  });

  it.each(['false', '1', 'TRUE', ''])('is unconfigured when NETLIFY_DEV is %j and nothing else is set', (value) => {
    expect(transportFor({ NETLIFY_DEV: value })).toEqual({ kind: 'unconfigured' });
  });

  it('is unconfigured with an empty environment', () => {
    expect(transportFor({})).toEqual({ kind: 'unconfigured' });
  });

  it('counts empty and blank strings as unset', () => {
    expect(transportFor({ RESEND_API_KEY: '', RESEND_BASE_URL: '', MAILBOX_DIR: '', VOUCH_BASE_URL: '' })).toEqual({
      kind: 'unconfigured',
    });
    expect(transportFor({ RESEND_API_KEY: '   ', MAILBOX_DIR: '/tmp/mail' })).toEqual({ kind: 'mailbox', dir: '/tmp/mail' });
    expect(transportFor({ RESEND_API_KEY: 're_123', RESEND_BASE_URL: '' })).toEqual({ kind: 'resend', apiKey: 're_123' });
  });
});

describe('readEnv', () => {
  it('reads the base URL of links and ignores variables it does not know', () => {
    const env = readEnv({ VOUCH_BASE_URL: 'http://localhost:8888', PATH: '/usr/bin', HOME: '/root' });
    expect(env.VOUCH_BASE_URL).toBe('http://localhost:8888');
    expect(env).not.toHaveProperty('PATH');
  });

  it('leaves an empty VOUCH_BASE_URL unset, so that content/site.json decides', () => {
    expect(readEnv({ VOUCH_BASE_URL: '' }).VOUCH_BASE_URL).toBeUndefined();
  });

  it.each(['not a url', 'localhost:8888', 'ftp://example.com', 'javascript:alert(1)'])(
    'throws an error naming VOUCH_BASE_URL when it is %j',
    (value) => {
      expect(() => readEnv({ VOUCH_BASE_URL: value })).toThrow(/^Invalid environment: VOUCH_BASE_URL: /);
    },
  );

  it('throws an error naming RESEND_BASE_URL when it is not a URL', () => {
    expect(() => readEnv({ RESEND_API_KEY: 're_123', RESEND_BASE_URL: 'nope' })).toThrow(/RESEND_BASE_URL/);
  });

  it('reads the Resend webhook signing secret as Resend shows it', () => {
    expect(readEnv({ RESEND_WEBHOOK_SECRET: ' whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw ' }).RESEND_WEBHOOK_SECRET).toBe('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    expect(readEnv({ RESEND_WEBHOOK_SECRET: '' }).RESEND_WEBHOOK_SECRET).toBeUndefined();
  });

  it.each(['MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 're_123', 'whsec_', 'whsec_not base64!'])(
    'throws an error naming RESEND_WEBHOOK_SECRET when it is %j',
    (value) => {
      expect(() => readEnv({ RESEND_WEBHOOK_SECRET: value })).toThrow(/^Invalid environment: RESEND_WEBHOOK_SECRET: must be the whsec_/);
    },
  );

  it('never repeats a malformed webhook secret in its error', () => {
    expect(() => readEnv({ RESEND_WEBHOOK_SECRET: 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw') }),
    );
  });

  it('never repeats a secret in its error', () => {
    expect(() => readEnv({ RESEND_API_KEY: 're_secret_123', VOUCH_BASE_URL: 'nope' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('re_secret_123') }),
    );
  });
});
