// Before any test: validate content/ and write the functions' copy of it, as a build would.
import { generateContent } from '../../src/lib/content/generate.ts';

export default async function setup(): Promise<void> {
  await generateContent(process.cwd());
}
