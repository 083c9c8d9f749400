// Passing a personal link on: the share page the link email leads to (a message to edit, plain
// links for email, SMS, WhatsApp and LinkedIn, a QR code), the printable card, and the link
// previews that chat apps show. Runs with and without JavaScript; what only the share script
// does is in share-script.spec.ts.
import { expect, test } from './support/test.ts';
import { person, personalLinkFor, pngSize } from './support/helpers.ts';
import { carried, channel, jane, scan } from './support/share.ts';

test('the link email leads to a share page with the link, a message in the provider’s words, and plain links to send it', async ({
  page,
  request,
  javaScriptEnabled,
}, testInfo) => {
  const referrer = person(testInfo, 'referrer', 'Amara');
  const { link, sharePath } = await personalLinkFor(request, referrer);

  const response = await page.goto(sharePath);
  expect(response?.status()).toBe(200);
  expect(response?.headers()['x-robots-tag']).toBe('noindex, nofollow');
  expect(response?.headers()['cache-control']).toBe('private, no-store');
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex, nofollow');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Share your link to ${jane.name}`);
  await expect(page.getByRole('textbox', { name: 'Your personal link' })).toHaveValue(link);

  const message = page.getByLabel('A message to send with it');
  const text = await message.inputValue();
  expect(text).toMatch(/^I'm not sure you'll get the same out of it, but Jane Okafor really helped me/);
  expect(text).toContain(`"${jane.helpsBest}"`);
  expect(text).toContain('No pressure either way');
  expect(text.endsWith(link)).toBe(true);

  // Without a script, each link opens its app with the message as written.
  const email = await channel(page, 'Email').getAttribute('href');
  expect(email).toMatch(/^mailto:\?/);
  expect(carried(email!, 'subject')).toBe("Jane Okafor, in case it's useful");
  expect(carried(email!, 'body')).toBe(text.replace(/\n/g, '\r\n'));
  expect(carried((await channel(page, 'Text message').getAttribute('href'))!, 'body')).toBe(text);
  const whatsapp = (await channel(page, 'WhatsApp').getAttribute('href'))!;
  expect(whatsapp.startsWith('https://wa.me/?text=')).toBe(true);
  expect(carried(whatsapp, 'text')).toBe(text);
  const linkedin = (await channel(page, 'LinkedIn').getAttribute('href'))!;
  expect(linkedin.startsWith('https://www.linkedin.com/sharing/share-offsite/?url=')).toBe(true);
  expect(carried(linkedin, 'url')).toBe(link);

  await expect(page.getByRole('img', { name: `QR code of your personal link to ${jane.name}` })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Print it on a card' })).toBeVisible();

  // Copy and the device's share sheet need a script; without one they are not offered at all.
  await expect(page.getByRole('button', { name: 'Copy link' })).toBeVisible({ visible: javaScriptEnabled });
  await expect(page.getByRole('button', { name: 'Copy message' })).toBeVisible({ visible: javaScriptEnabled });
  await expect(page.getByRole('button', { name: 'Share…' })).toBeHidden();

  const html = await response!.text();
  expect(html).not.toContain(referrer.email);
  expect(html).not.toContain(referrer.last);
});

test('the QR code on the share page opens the personal link when scanned', async ({ page, request }, testInfo) => {
  const { link, sharePath } = await personalLinkFor(request, person(testInfo, 'referrer', 'Amara'));
  await page.goto(sharePath);
  const code = page.getByRole('img', { name: `QR code of your personal link to ${jane.name}` });
  expect(await scan(await code.screenshot())).toBe(link);
});

test('an unknown or malformed share page is "not found", without a word about any referrer', async ({ page }) => {
  for (const path of ['/share/AAAAAAAAAAAAAAAAAAAAAA/', '/share/not-a-code/', '/share/AAAAAAAAAAAAAAAAAAAAAA/card/']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText("We can't find that page");
  }
});

test('the printable card shows the provider, who they help, a QR code of the link and the link, and prints on one page of A6, A4 and Letter', async ({
  page,
  request,
}, testInfo) => {
  const { link, sharePath } = await personalLinkFor(request, person(testInfo, 'referrer', 'Amara'));
  await page.goto(sharePath);
  await page.getByRole('link', { name: 'Print it on a card' }).click();
  await expect(page).toHaveURL(`${sharePath}card/`);

  const card = page.getByTestId('card');
  await expect(card.getByRole('heading', { level: 2 })).toHaveText(jane.name);
  await expect(card).toContainText('Clear, fee-based financial planning for families and people approaching retirement.');
  await expect(card).toContainText(link.replace(/^https?:\/\//, ''));

  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('heading', { level: 1 })).toBeHidden();
  await expect(page.locator('header.site')).toBeHidden();
  const shot = await card.screenshot();
  await testInfo.attach('printable card (print media)', { body: shot, contentType: 'image/png' });
  expect(await scan(shot)).toBe(link);

  for (const format of ['A6', 'A4', 'Letter'] as const) {
    const pdf = await page.pdf({ format, printBackground: true });
    await testInfo.attach(`printable card, ${format}.pdf`, { body: pdf, contentType: 'application/pdf' });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g) ?? [];
    expect(pages.length, `pages printed on ${format}`).toBe(1);
  }
});

test('provider pages and personal links have link previews with the provider’s 1200×630 image, and nothing about the referrer', async ({
  page,
  request,
}, testInfo) => {
  const referrer = person(testInfo, 'referrer', 'Amara');
  const { link, path, sharePath } = await personalLinkFor(request, referrer);
  const meta = async () =>
    page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll('meta[property^="og:"], meta[name^="twitter:"]')].map((el) => [
          el.getAttribute('property') ?? el.getAttribute('name'),
          el.getAttribute('content'),
        ]),
      ),
    );

  await page.goto('/p/jane-okafor/');
  const provider = await meta();
  expect(provider).toMatchObject({
    'og:title': 'Jane Okafor, Independent financial adviser',
    'og:description': 'Clear, fee-based financial planning for families and people approaching retirement.',
    'og:image:width': '1200',
    'og:image:height': '630',
    'twitter:card': 'summary_large_image',
  });
  expect(provider['og:image']).toMatch(/^https?:\/\/[^/]+\/og\/jane-okafor\.png$/);
  expect(provider['twitter:image']).toBe(provider['og:image']);
  // Drawn on request by its function; asked of this server, whatever the configured site address.
  const drawn = await request.get(new URL(provider['og:image']!).pathname);
  expect(drawn.status()).toBe(200);
  expect(drawn.headers()['content-type']).toBe('image/png');
  expect(pngSize(await drawn.body())).toEqual({ width: 1200, height: 630 });

  await page.goto(path);
  const personal = await meta();
  expect(personal['og:url']).toBe(link);
  for (const key of ['og:title', 'og:description', 'og:image', 'og:image:alt', 'twitter:title', 'twitter:description', 'twitter:image']) {
    expect(personal[key], key).toBe(provider[key]);
  }
  const everyPreviewWord = JSON.stringify(personal);
  for (const secret of [referrer.email, referrer.first, referrer.last]) expect(everyPreviewWord).not.toContain(secret);

  const image = await request.get(new URL(personal['og:image']!).pathname);
  expect(drawn.status()).toBe(200);
  expect(drawn.headers()['content-type']).toBe('image/png');
  const png = await image.body();
  expect(pngSize(png)).toEqual({ width: 1200, height: 630 });
  await testInfo.attach('link preview image of Jane Okafor', { body: png, contentType: 'image/png' });
  for (const secret of [referrer.email, referrer.first, referrer.last]) expect(png.toString('latin1')).not.toContain(secret);

  // Nor on the share page, its message, its links or its card.
  for (const personalPage of [sharePath, `${sharePath}card/`]) {
    const response = await page.goto(personalPage);
    const html = await response!.text();
    expect(html).not.toContain(referrer.email);
    expect(html).not.toContain(referrer.last);
    const sent = await page.locator('a[href], textarea, input').evaluateAll((els) =>
      els.map((el) => (el instanceof HTMLAnchorElement ? decodeURIComponent(el.href) : (el as HTMLInputElement).value)),
    );
    for (const text of sent) expect(text).not.toContain(referrer.email);
  }
});
