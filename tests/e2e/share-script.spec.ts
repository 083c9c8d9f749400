// What the share page's script adds (the no-javascript project skips this file): links that
// follow the edited message, Copy with a confirmation that is announced, the device's own
// share sheet where there is one, and the whole flow by keyboard, Print included.
import { expect, test } from './support/test.ts';
import { person, personalLinkFor } from './support/helpers.ts';
import { carried, channel, jane, tabTo } from './support/share.ts';

test('editing the message changes what every link sends, and the link stays in it', async ({ page, request }, testInfo) => {
  const { link, sharePath } = await personalLinkFor(request, person(testInfo, 'referrer', 'Amara'));
  await page.goto(sharePath);
  const message = page.getByLabel('A message to send with it');
  await message.fill(`Hi Sam, Jane sorted out my pensions. Have a look if you like:\n${link}`);
  await expect(channel(page, 'WhatsApp')).toHaveAttribute(
    'href',
    `https://wa.me/?text=${encodeURIComponent(`Hi Sam, Jane sorted out my pensions. Have a look if you like:\n${link}`)}`,
  );
  expect(carried((await channel(page, 'Text message').getAttribute('href'))!, 'body')).toBe(
    `Hi Sam, Jane sorted out my pensions. Have a look if you like:\n${link}`,
  );

  // Taking the link out of the message does not send a message without it.
  await message.fill('Jane is great with pensions.');
  await expect
    .poll(async () => carried((await channel(page, 'Email').getAttribute('href'))!, 'body'))
    .toBe(`Jane is great with pensions.\r\n\r\n${link}`);
});

test('Copy puts the link or the message on the clipboard and says so on the button, and aloud', async ({ page, context, request }, testInfo) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { link, sharePath } = await personalLinkFor(request, person(testInfo, 'referrer', 'Amara'));
  await page.goto(sharePath);
  const status = page.getByRole('status');

  await page.setViewportSize({ width: 390, height: 800 });
  const copyLink = page.getByRole('button', { name: 'Copy link' });
  const where = (await copyLink.boundingBox())!;
  await copyLink.click();
  await expect(status).toHaveText('Link copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  // Said where the finger is, on a phone too: the button itself reads "Copied", then its label again.
  const copied = page.getByRole('button', { name: 'Copied' });
  await expect(copied).toBeInViewport();
  expect((await copied.boundingBox())!.y).toBe(where.y);
  await expect(page.getByRole('button', { name: 'Copy link' })).toBeVisible();

  await page.getByLabel('A message to send with it').fill('Worth a look, maybe.');
  await page.getByRole('button', { name: 'Copy message' }).click();
  await expect(status).toHaveText('Message copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`Worth a look, maybe.\n\n${link}`);
  await expect(status).toHaveAttribute('aria-live', 'polite');
});

test('Share appears only where the browser has a share sheet, and hands it the message', async ({ page, request }, testInfo) => {
  const { link, sharePath } = await personalLinkFor(request, person(testInfo, 'referrer', 'Amara'));
  await page.goto(sharePath);
  await expect(page.getByRole('button', { name: 'Copy link' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Share…' })).toBeHidden();

  // A browser with a share sheet (a phone's): the page offers it.
  await page.addInitScript(() => {
    const shared: ShareData[] = [];
    Object.assign(window, { shared });
    Object.defineProperty(navigator, 'share', { value: async (data: ShareData) => void shared.push(data) });
  });
  await page.reload();
  await page.getByRole('button', { name: 'Share…' }).click();
  const shared = await page.evaluate(() => (window as unknown as { shared: ShareData[] }).shared);
  expect(shared).toHaveLength(1);
  expect(shared[0]!.text).toMatch(/^I'm not sure you'll get the same out of it/);
  expect(shared[0]!.text!.endsWith(link)).toBe(true);
});

test('the whole share flow works from the keyboard alone', async ({ page, context, request }, testInfo) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { link, sharePath } = await personalLinkFor(request, person(testInfo, 'referrer', 'Amara'));
  await page.addInitScript(() => {
    Object.assign(window, { printed: 0 });
    window.print = () => void ((window as unknown as { printed: number }).printed += 1);
  });
  await page.goto(sharePath);

  await tabTo(page, page.getByRole('button', { name: 'Copy link' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText('Link copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

  await page.keyboard.press('Tab');
  await expect(page.getByLabel('A message to send with it')).toBeFocused();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('Thought of you, no pressure.');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Copy message' })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.getByRole('status')).toHaveText('Message copied.');

  for (const name of ['Email', 'Text message', 'WhatsApp', 'LinkedIn']) {
    await page.keyboard.press('Tab');
    await expect(channel(page, name)).toBeFocused();
  }
  expect(carried((await channel(page, 'WhatsApp').getAttribute('href'))!, 'text')).toBe(`Thought of you, no pressure.\n\n${link}`);

  await tabTo(page, page.getByRole('link', { name: 'Print it on a card' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`A card to print for ${jane.name}`);
  await tabTo(page, page.getByRole('button', { name: 'Print the card' }));
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await tabTo(page, page.getByRole('link', { name: 'Back to sharing your link' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(sharePath);
});
