// Where the generated content lives, in src/generated/, shared by what writes it (generate.ts,
// loader.ts: at build time) and what reads it (index.ts, stories.ts: at run time), so that the two
// cannot disagree. A function or page reads only the files of the providers it serves.
import { createHash } from 'node:crypto';
import { normaliseEmail } from '../domain/addresses.ts';

/** The folder of generated files, relative to the project. */
export const GENERATED = 'src/generated';
/** The site settings, for pages and functions: every request needs them. */
export const SITE_FILE = 'site.json';
/** The wording of every email, whole (built-in wording filled in). */
export const EMAILS_FILE = 'emails.json';
/** One validated provider per file: `providers/<slug>.json`. */
export const PROVIDERS_DIR = 'providers';
/** Providers by notification address, in buckets of addresses (`addresses/<bucket>.json`): what sign-in and a referrer who is a provider look up. */
export const ADDRESSES_DIR = 'addresses';
/** Each provider's story as HTML, `stories/<slug>.html`, for the pages rendered on demand (written by the content loader). */
export const STORIES_DIR = 'stories';

/** A provider's slug as file names take it: what `content/providers/<slug>.md` may be called. Nothing else names a file. */
export const isSlug = (slug: string): boolean => slug.length <= 64 && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug);

/**
 * The bucket of an address: the first two hex digits of the SHA-256 of the address as compared
 * (case-blind), so 256 buckets whatever the number of providers: a lookup reads one small file.
 */
export const addressBucket = (email: string): string => createHash('sha256').update(normaliseEmail(email)).digest('hex').slice(0, 2);

/** The addresses of one bucket, compared case-blind, each with the slugs of the providers it notifies. */
export type AddressBucket = Record<string, string[]>;
