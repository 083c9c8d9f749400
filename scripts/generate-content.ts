// Validates content/ and writes src/generated/: site.json, emails.json, one file per provider in
// providers/ and the address buckets in addresses/, what the functions and pages read (layout.ts).
// Run by `npm run content` (and by `npm run check` before `astro check`); in every build, dev
// run and `astro check` the content collection's loader (src/lib/content/loader.ts) does it too.
import { generateContent } from '../src/lib/content/generate.ts';
import { ContentError } from '../src/lib/content/load.ts';

try {
  await generateContent(process.cwd());
} catch (error) {
  if (!(error instanceof ContentError)) throw error;
  console.error(error.message);
  process.exit(1);
}
