import { describe, expect, it } from 'vitest';
import { guarded, isInternalHeader, withoutInternalHeaders } from '../../src/lib/http/guard.ts';

describe('internal headers', () => {
  it('are the platform’s timing and metadata headers, not the answer’s own', () => {
    for (const name of ['x-nf-fetch-timing', 'X-NF-Request-ID', 'server-timing', 'x-netlify-anything']) expect(isInternalHeader(name), name).toBe(true);
    for (const name of ['content-type', 'cache-control', 'location', 'set-cookie', 'x-robots-tag', 'retry-after']) expect(isInternalHeader(name), name).toBe(false);
  });

  it('are dropped from an answer, which keeps its status, body and other headers', async () => {
    const answer = new Response('{"status":"accepted"}', {
      status: 202,
      headers: { 'content-type': 'application/json', 'x-nf-fetch-timing': 'localhost;dur=3;status=200', 'server-timing': 'blobs;dur=3' },
    });
    const clean = withoutInternalHeaders(answer);
    expect([...clean.headers]).toEqual([['content-type', 'application/json']]);
    expect(clean.status).toBe(202);
    expect(await clean.text()).toBe('{"status":"accepted"}');
  });

  it('are dropped by the wrapper every function goes through', async () => {
    const redirect = Response.redirect('https://vouch.test/p/jane-okafor/link-sent/', 303);
    const handler = guarded('test', async () => {
      const response = new Response(redirect.body, redirect);
      response.headers.set('x-nf-fetch-timing', 'x');
      return response;
    });
    const answer = await handler();
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('https://vouch.test/p/jane-okafor/link-sent/');
    expect(answer.headers.has('x-nf-fetch-timing')).toBe(false);
  });
});
