// Every page rendered on demand answers without internal headers (timings, store calls), as
// the functions in netlify/functions/ do through `guarded`.
import { defineMiddleware } from 'astro:middleware';
import { withoutInternalHeaders } from './lib/http/guard.ts';

export const onRequest = defineMiddleware(async (_context, next) => withoutInternalHeaders(await next()));
