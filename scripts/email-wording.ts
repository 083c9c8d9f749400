// `npm run emails:wording`: prints the built-in wording of every email, in the format of
// content/emails.yaml and commented with when each string is used and the placeholders it may
// use, so that a site can copy the strings it wants to change into its own file.
import { emailWordingYaml } from '../src/lib/content/email-wording.ts';

process.stdout.write(emailWordingYaml());
