// Validates content/ and writes src/generated/content.json for the functions.
// Run by `npm run content`; the Astro integration does the same before every build and dev run.
import { generateContent } from '../src/lib/content/generate.ts';
import { ContentError } from '../src/lib/content/load.ts';

try {
  await generateContent(process.cwd());
} catch (error) {
  if (!(error instanceof ContentError)) throw error;
  console.error(error.message);
  process.exit(1);
}
