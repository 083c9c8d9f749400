// Synthetic providers for the build-scaling benchmark: N distinct, valid `content/providers/<slug>.md`
// files with varied text of realistic length, notify addresses at example.com and partners that
// name other generated providers. The same seed gives the same files.
import { dump } from 'js-yaml';
import { Provider } from '../../src/lib/domain/provider.ts';

/** One generated provider file: its slug (the file name without `.md`) and its Markdown source. */
export type GeneratedProvider = { slug: string; markdown: string };

type Trade = {
  profession: string;
  focus: string[];
  audiences: string[];
  services: string[];
  notFor: string[];
  story: string[];
};

const trades: Trade[] = [
  {
    profession: 'Independent financial adviser',
    focus: ['Clear, fee-based financial planning', 'Plain-spoken pension and retirement advice', 'Financial plans you can actually follow'],
    audiences: ['families and people approaching retirement', 'couples in their 40s and 50s', 'people who have just sold a business', 'anyone who inherited money and wants to do it justice'],
    services: ['Retirement planning', 'Pension consolidation', 'Protection and life cover reviews', 'Inheritance planning', 'Investment reviews', 'Later-life care funding', 'Cash-flow forecasting'],
    notFor: ['anyone looking for stock tips or day trading', 'people who want a product sold to them rather than a plan', 'investments under a few thousand pounds; free guidance will serve you better'],
    story: ['I started advising after watching my own parents sign up for a pension they never understood.', 'Before this I spent ten years in a bank, and left because I wanted to give advice rather than sell products.', 'Most of my work is putting options side by side so that you can choose the one that lets you sleep at night.'],
  },
  {
    profession: 'Chartered accountant',
    focus: ['Year-round accounting for small businesses', 'Accounts and tax returns without the January panic', 'Practical accounting for sole traders and small companies'],
    audiences: ['sole traders and limited companies', 'creative freelancers', 'family businesses with fewer than twenty staff', 'landlords with a handful of properties'],
    services: ['Annual accounts', 'Self-assessment tax returns', 'VAT returns', 'Payroll', 'Company formation', 'Management accounts', 'Making Tax Digital set-up', 'Cash-flow planning'],
    notFor: ['large groups that need an audit', 'anyone hoping to hide income', 'businesses that want a different accountant every year'],
    story: ['I trained at one of the big firms and left because I missed talking to the people behind the numbers.', 'My clients tend to stay for years, which means I know their business well enough to spot a problem early.', 'I answer emails within a working day and I explain every figure I put in front of you.'],
  },
  {
    profession: 'Bookkeeper',
    focus: ['Tidy books every month', 'Bookkeeping that keeps your accountant happy', 'Friendly, reliable bookkeeping'],
    audiences: ['tradespeople and small shops', 'charities and community groups', 'consultants who would rather be consulting', 'new businesses in their first three years'],
    services: ['Monthly bookkeeping', 'Bank reconciliations', 'Invoicing and credit control', 'Xero and QuickBooks set-up', 'Receipt capture', 'Year-end preparation'],
    notFor: ['companies that need a finance director', 'anyone who wants tax advice; I will introduce you to an accountant'],
    story: ['I kept the books for my family shop from the age of sixteen and never really stopped.', 'I like a shoebox of receipts more than I probably should.', 'Every month you get a one-page summary of where your money went, in words as well as numbers.'],
  },
  {
    profession: 'Business coach',
    focus: ['Coaching for owners who are stuck doing everything themselves', 'Growth coaching for small service businesses', 'Honest, practical coaching for founders'],
    audiences: ['owners of businesses with five to fifty staff', 'founders after their first hire', 'partners in professional practices', 'people taking over a family business'],
    services: ['One-to-one coaching', 'Quarterly planning days', 'Leadership team workshops', 'Pricing reviews', 'Delegation and hiring plans'],
    notFor: ['anyone looking for a get-rich-quick programme', 'people who want to be told what to do rather than think it through', 'start-ups that have not launched yet'],
    story: ['I ran a design studio for fifteen years, grew it to thirty people and made most of the mistakes my clients are trying to avoid.', 'Coaching with me is a mix of questions, plain advice and the occasional uncomfortable truth.', 'We meet every fortnight and agree three things to do before the next session.'],
  },
  {
    profession: 'Career coach',
    focus: ['Career coaching for people ready for their next move', 'Help finding work that fits who you are now', 'Coaching for career changes at any age'],
    audiences: ['mid-career professionals', 'people returning to work after a break', 'graduates unsure where to start', 'managers facing redundancy'],
    services: ['Career change coaching', 'CV and LinkedIn reviews', 'Interview preparation', 'Salary negotiation', 'Returning-to-work programmes'],
    notFor: ['anyone wanting a recruiter to find them a job', 'people in crisis who need therapy first; I can suggest someone'],
    story: ['I spent twelve years in recruitment and saw too many good people talk themselves out of the right job.', 'We start with what you are good at and what you enjoy, not with job titles.', 'Most clients need four to six sessions; some need one conversation and a nudge.'],
  },
  {
    profession: 'Mortgage broker',
    focus: ['Whole-of-market mortgage advice', 'Mortgages for the self-employed and the complicated', 'Calm mortgage advice for first-time buyers'],
    audiences: ['first-time buyers', 'self-employed people with two years of accounts', 'people moving home or remortgaging', 'landlords with buy-to-let properties'],
    services: ['First-time buyer mortgages', 'Remortgages', 'Buy-to-let mortgages', 'Self-employed mortgages', 'Later-life lending', 'Protection reviews'],
    notFor: ['commercial property deals', 'anyone who wants to borrow more than they can comfortably repay'],
    story: ['I became a broker after a miserable experience buying my own first flat.', 'I look at the whole market and tell you plainly why one lender suits you better than another.', 'You will always know what stage your application is at, because I tell you before you have to ask.'],
  },
  {
    profession: 'Solicitor, wills and probate',
    focus: ['Wills, powers of attorney and probate in plain English', 'Careful help with estates and the paperwork after a death', 'Fixed-fee wills and lasting powers of attorney'],
    audiences: ['families with young children', 'people who have remarried or have stepchildren', 'executors dealing with an estate for the first time', 'older people planning ahead'],
    services: ['Wills', 'Lasting powers of attorney', 'Probate and estate administration', 'Trusts', 'Deputyship applications', 'Home visits'],
    notFor: ['contested wills and court disputes', 'conveyancing or property purchases'],
    story: ['I have worked in private client law for eighteen years and still think a good will is one of the kindest things you can leave behind.', 'I quote a fixed fee before I start, and I visit at home when travelling is hard.', 'Executors often come to me overwhelmed; my job is to take the weight off and explain each step.'],
  },
  {
    profession: 'Family mediator',
    focus: ['Mediation that keeps separating families talking', 'Calm, fair mediation for parents and couples', 'Help agreeing arrangements for children and money'],
    audiences: ['separating couples', 'parents agreeing arrangements for their children', 'families sharing out an inheritance', 'grandparents seeking contact'],
    services: ['Mediation information meetings', 'Child-inclusive mediation', 'Financial mediation', 'Parenting plans', 'Online mediation sessions'],
    notFor: ['situations involving violence or coercion; I will help you find the right support', 'anyone who wants a lawyer to fight their corner'],
    story: ['I was a family solicitor before I trained as a mediator, and I saw how much court cost families in every sense.', 'Sessions are confidential and I do not take sides.', 'Most families reach an agreement in three or four sessions.'],
  },
  {
    profession: 'Web designer',
    focus: ['Fast, accessible websites for small businesses', 'Websites that bring in enquiries, not just compliments', 'Simple websites you can update yourself'],
    audiences: ['independent shops and cafés', 'therapists and coaches', 'trades businesses', 'charities on a tight budget'],
    services: ['Website design', 'Website rebuilds', 'Accessibility audits', 'Search engine basics', 'Hosting and maintenance', 'Copywriting help', 'Online booking set-up'],
    notFor: ['large e-commerce shops with thousands of products', 'anyone who needs a site live by tomorrow'],
    story: ['I taught myself to code to build a website for my sister\'s bakery, and people kept asking who made it.', 'I build sites that load quickly on an old phone and work for people using screen readers.', 'You get a short training session at the end, so you are never stuck waiting for me to change a phone number.'],
  },
  {
    profession: 'Marketing consultant',
    focus: ['Marketing plans small teams can actually carry out', 'Clear positioning and steady marketing for service businesses', 'Practical marketing for businesses that grew by word of mouth'],
    audiences: ['professional services firms', 'local businesses ready to grow beyond referrals', 'charities launching a campaign', 'founders doing their own marketing'],
    services: ['Marketing strategy', 'Brand positioning workshops', 'Email newsletters', 'Content planning', 'Local search', 'Campaign reviews'],
    notFor: ['anyone looking for overnight viral growth', 'businesses that want someone to post on social media every day'],
    story: ['I spent a decade in agencies before going independent so that I could work directly with owners.', 'My plans fit on two pages and come with a calendar, not a hundred-slide deck.', 'I measure what matters to you: enquiries, bookings and repeat customers.'],
  },
  {
    profession: 'HR consultant',
    focus: ['Straightforward HR support for growing teams', 'People advice for employers without an HR department', 'Fair, practical employment support'],
    audiences: ['employers with five to a hundred staff', 'owners making their first hires', 'managers facing a difficult conversation', 'charities and social enterprises'],
    services: ['Contracts and handbooks', 'Disciplinary and grievance support', 'Restructures', 'Recruitment processes', 'Manager training', 'Retained HR advice'],
    notFor: ['employees in dispute with their employer; an employment solicitor can help', 'organisations with a full HR team'],
    story: ['I was head of HR at a manufacturer for nine years before setting up on my own.', 'I try to sort problems out early, while they are still conversations rather than cases.', 'Clients can call me the same day when something goes wrong.'],
  },
  {
    profession: 'IT support consultant',
    focus: ['Friendly IT support for small offices', 'Computers, backups and security that just work', 'IT help without the jargon'],
    audiences: ['small offices and practices', 'people working from home', 'older clients who want patient help', 'schools and nurseries'],
    services: ['Laptop and network set-up', 'Backups', 'Email and Microsoft 365', 'Cyber security checks', 'Remote support', 'Printer and Wi-Fi fixes'],
    notFor: ['software development projects', 'businesses that need round-the-clock monitoring'],
    story: ['I fixed computers for neighbours as a teenager and turned it into a business twelve years ago.', 'I explain what went wrong and how to stop it happening again.', 'Most problems are fixed remotely the same day.'],
  },
  {
    profession: 'Architect',
    focus: ['Homes designed around the way you live', 'Extensions and renovations that respect the house you have', 'Thoughtful architecture for homes and small buildings'],
    audiences: ['homeowners planning an extension', 'people renovating an old house', 'self-builders', 'small community buildings'],
    services: ['Feasibility studies', 'Planning applications', 'Listed building consent', 'Building regulations drawings', 'Contractor tendering', 'Site visits'],
    notFor: ['large commercial developments', 'projects without a realistic budget yet; start with a feasibility chat'],
    story: ['I grew up in a house my parents extended three times, never quite the way they wanted.', 'I spend the first meeting listening: how you cook, work, rest and argue about the thermostat.', 'I stay involved through the build, so the drawings turn into the house you pictured.'],
  },
  {
    profession: 'Physiotherapist',
    focus: ['Hands-on physiotherapy to get you moving again', 'Physio for runners, desk workers and everyone in between', 'Rehabilitation that fits around your life'],
    audiences: ['runners and cyclists', 'people with back and neck pain', 'people recovering from surgery', 'older adults who want to stay active'],
    services: ['Assessment and treatment', 'Sports injury rehabilitation', 'Post-operative rehabilitation', 'Home exercise plans', 'Home visits', 'Pilates-based classes'],
    notFor: ['emergencies; call 999 or go to A&E', 'anyone who wants massage alone without exercise'],
    story: ['I worked in the NHS for eight years before opening my own clinic.', 'Every session ends with a short exercise plan you can do at home.', 'I will tell you honestly if you need a scan or a specialist rather than more physio.'],
  },
  {
    profession: 'Translator',
    focus: ['Accurate translation for legal and business documents', 'Translation that sounds like it was written in the language', 'Certified translations delivered on time'],
    audiences: ['law firms and their clients', 'small exporters', 'families with official documents', 'publishers and authors'],
    services: ['Certified translation', 'Legal translation', 'Website localisation', 'Proofreading', 'Interpreting by video'],
    notFor: ['machine translation clean-up at bargain prices', 'languages I do not work in; I will recommend a colleague'],
    story: ['I grew up between two languages and have translated professionally for fourteen years.', 'Every document is checked twice before it goes back to you.', 'I keep a glossary for regular clients, so their documents read consistently year after year.'],
  },
  {
    profession: 'Personal trainer',
    focus: ['Strength training for people who never liked gyms', 'Personal training that fits a busy week', 'Patient coaching to get stronger at any age'],
    audiences: ['beginners', 'people over fifty', 'new parents', 'people coming back after an injury'],
    services: ['One-to-one training', 'Small group sessions', 'Online programmes', 'Nutrition basics', 'Home sessions'],
    notFor: ['anyone after a crash diet', 'competitive bodybuilding'],
    story: ['I found strength training in my thirties after years of thinking sport was not for me.', 'Sessions are built around what you enjoy, because that is what you keep doing.', 'I track progress in lifts and everyday tasks, not just on the scales.'],
  },
];

const firstNames = ['Jane', 'Marcus', 'Sofia', 'Amara', 'Tom', 'Priya', 'Oliver', 'Chloé', 'Daniel', 'Aisha', 'Liam', 'Mei', 'Gareth', 'Zoë', 'Hamza', 'Ingrid', 'Kwame', 'Niamh', 'José', 'Harriet', 'Ravi', 'Fatima', 'Ewan', 'Lucía', 'Samuel', 'Renée', 'Tariq', 'Hannah', 'Mateusz', 'Grace', 'Yusuf', 'Bethan', 'Kofi', 'Elena', 'Callum', 'Anjali', 'Rhys', 'Marta', 'Joseph', 'Leila', 'Finn', 'Noor', 'Peter', 'Siân', 'Andrés', 'Isla', 'Omar', 'Ruth', 'Kenji', 'Eilidh', 'Adebayo', 'Clara', 'Dev', 'Maeve', 'Stefan', 'Yasmin', 'Hugo', 'Ama', 'Rosa', 'Declan'];
const lastNames = ['Okafor', 'Lee', 'Marin', 'Shah', 'Campbell', 'Nowak', 'Evans', 'Mensah', 'Fernández', 'Murphy', "O'Brien", 'Chen', 'Patel', 'Williams', 'Haddad', 'Johansson', 'Davies', 'Kowalski', 'Bianchi', 'MacLeod', 'Ahmed', 'Thompson', 'Nakamura', 'Osei', 'Brennan', 'Rossi', 'Hughes', 'Müller', 'Singh', 'Wright', 'Adeyemi', 'Kaur', 'Lindqvist', 'Morgan', 'Dubois', 'Hassan', 'Fraser', 'Novak', 'Sutherland', 'Costa', 'Ibrahim', 'Byrne', 'Lopez', 'Walsh', 'Moreau', 'Jones', 'Kiplagat', 'Reid', 'Petrov', 'Doyle', 'Ali', 'García', 'Quinn', 'Baker', 'Yilmaz', 'Stewart', 'Achebe', 'Kelly', 'Forde', 'Nguyen'];
const places = ['Leeds and West Yorkshire', 'Manchester', 'Bristol and Bath', 'Remote', 'Glasgow', 'Edinburgh and the Lothians', 'Cardiff', 'Belfast', 'Norwich and Norfolk', 'York', 'Sheffield', 'Brighton and Hove', 'Oxford', 'Cambridge', 'Newcastle upon Tyne', 'Liverpool', 'Nottingham', 'Exeter and East Devon', 'Aberdeen', 'Swansea', 'Leicester', 'Canterbury and East Kent', 'Inverness and the Highlands', 'Harrogate', 'Bournemouth and Poole', 'Remote, across the UK', 'Hereford and the Welsh borders', 'Lancaster and Morecambe Bay', 'Dublin', 'Cork', 'Plymouth', 'Ipswich and Suffolk', 'Milton Keynes', 'Stirling', 'Chester', 'Birmingham', 'Coventry', 'Derby and the Peak District', 'Truro and Cornwall', 'Remote, UK and Ireland'];
const fees = ['none', { disclosed: 'I make a donation to a local food bank for every referral that becomes a client. Nobody is paid personally.' }, { disclosed: 'I pay Northside Wealth 10% of my first-year fee for each client they introduce.' }];
const hours = [4, 8, 12, 24, 24, 24, 48, 48, 72, 168];

const generic = [
  'Most of my clients came to me because a friend or a colleague suggested it, and I take that trust seriously.',
  'The first conversation is free, and if I am not the right person for you I will say so and suggest someone who is.',
  'I agree a fee before any work starts, in writing, and I never charge for a quick question.',
  'I work on my own, so you will always deal with me rather than a junior you have never met.',
  'I keep a small number of clients so that each of them gets proper attention.',
  'Outside work you will find me on the allotment, on a bike, or arguing about football.',
  'I am happy to meet in person, by video or on the phone, whichever suits you.',
  'I reply to every enquiry myself, usually the same day.',
  'If you are not sure whether I can help, get in touch anyway: a ten-minute call usually settles it.',
  'I have been doing this for {years} years, and I still enjoy the moment a client says it finally makes sense.',
  'I am based in {place}, and I work with people all over the country by video.',
  'Clients describe me as patient, direct and a little too fond of checklists.',
];
const firstMeeting = ['We talk about where you are now and where you want to be.', 'I ask a lot of questions and take notes so you do not have to repeat yourself.', 'You leave with a short written summary and a clear quote.', 'There is no obligation to go any further.', 'Bring any paperwork you have, but do not worry if you cannot find it all.', 'We agree how and when we will keep in touch.'];

/** A small seeded generator (mulberry32), so that a size always produces the same files. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const some = <T>(items: readonly T[], min: number, max: number): T[] => {
    const pool = [...items];
    const count = Math.min(pool.length, int(min, max));
    const chosen: T[] = [];
    while (chosen.length < count) chosen.push(pool.splice(Math.floor(next() * pool.length), 1)[0] as T);
    return chosen;
  };
  return { next, int, pick, some };
}

const ascii = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** N valid providers with distinct slugs, each file checked against the `Provider` schema. */
export function generateProviders(count: number, seed = 1): GeneratedProvider[] {
  const rnd = random(seed);
  const taken = new Map<string, number>();
  const people = Array.from({ length: count }, () => {
    const first = rnd.pick(firstNames);
    const last = rnd.pick(lastNames);
    const base = `${ascii(first)}-${ascii(last)}`;
    const seen = (taken.get(base) ?? 0) + 1;
    taken.set(base, seen);
    return { first, last, slug: seen === 1 ? base : `${base}-${seen}` };
  });
  const slugs = people.map((person) => person.slug);

  return people.map(({ first, last, slug }, index) => {
    const trade = rnd.pick(trades);
    const place = rnd.pick(places);
    const years = rnd.int(3, 30);
    const fill = (text: string) => text.replaceAll('{years}', String(years)).replaceAll('{place}', place);
    const local = ascii(`${first}.${last}`).replaceAll('-', '.');
    const notify = [`${local}@example.com`];
    if (rnd.next() < 0.25) notify.push(`office+${slug}@example.com`);
    const partners = new Set<string>();
    for (let wanted = Math.min(rnd.int(0, 3), count - 1); partners.size < wanted; ) {
      const other = rnd.int(0, count - 1);
      if (other !== index) partners.add(slugs[other] as string);
    }

    const frontmatter = {
      name: `${first} ${last}`,
      profession: trade.profession,
      headline: `${rnd.pick(trade.focus)} for ${rnd.pick(trade.audiences)}.`,
      helpsBest: `${capitalise(rnd.some(trade.audiences, 2, 3).join(', ').replace(/, ([^,]*)$/, ' and $1'))}. ${fill(rnd.pick(generic))}`.slice(0, 400),
      notRightFor: `${capitalise(rnd.pick(trade.notFor))}.`,
      services: rnd.some(trade.services, 2, 7),
      location: place,
      responseHours: rnd.pick(hours),
      notify,
      ...(rnd.next() < 0.6 ? { referralFees: rnd.pick(fees) } : {}),
      ...(partners.size > 0 ? { partners: [...partners] } : {}),
    };
    const parsed = Provider.safeParse(frontmatter);
    if (!parsed.success) throw new Error(`generated provider ${slug} is not valid: ${parsed.error.message}`);

    const paragraphs = [
      rnd.some(trade.story, 2, 3).join(' '),
      rnd.some(generic, 2, 4).map(fill).join(' '),
    ];
    if (rnd.next() < 0.4) paragraphs.push(`**What a first meeting looks like:**\n\n${rnd.some(firstMeeting, 3, 5).map((line) => `- ${line}`).join('\n')}`);
    if (rnd.next() < 0.5) paragraphs.push(`I work mostly with ${rnd.pick(trade.audiences)}. If that sounds like you, or like someone you know, I would be glad to hear from you.`);
    const markdown = `---\n${dump(frontmatter, { lineWidth: -1 }).trimEnd()}\n---\n\n${paragraphs.join('\n\n')}\n`;
    return { slug, markdown };
  });
}
