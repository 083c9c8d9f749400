// The share page with JavaScript: the links follow the message as it is edited, Copy buttons
// say what they did on the button itself (and aloud, through a live region), the device's own share sheet appears
// where the browser has one, and the card page gets a Print button. Without this script both
// pages work with plain links.
import { type ShareChannel, shareLinks, withLink } from '../lib/domain/share.ts';

const root = document.querySelector<HTMLElement>('[data-share]');
if (root) {
  const link = root.dataset.link ?? '';
  const subject = root.dataset.subject ?? '';
  const message = root.querySelector<HTMLTextAreaElement>('textarea');
  const status = root.querySelector<HTMLElement>('[role="status"]');
  const text = () => withLink(message?.value ?? '', link);
  const say = (words: string) => {
    if (!status) return;
    // Emptied first, so that the same words twice in a row are announced twice.
    status.textContent = '';
    requestAnimationFrame(() => {
      status.textContent = words;
    });
  };

  message?.addEventListener('input', () => {
    const links = shareLinks({ message: message.value, subject, link });
    for (const a of root.querySelectorAll<HTMLAnchorElement>('a[data-channel]')) a.href = links[a.dataset.channel as ShareChannel];
  });

  for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-copy]')) {
    button.hidden = false;
    button.addEventListener('click', async () => {
      const field = document.getElementById(button.dataset.copy ?? '') as HTMLInputElement | HTMLTextAreaElement | null;
      if (!field) return;
      try {
        await navigator.clipboard.writeText(field === message ? text() : field.value);
        say(button.dataset.done ?? 'Copied.');
        // Seen where the finger is: the button itself says it worked, for a moment.
        const label = button.dataset.label ?? (button.dataset.label = button.textContent ?? '');
        button.textContent = 'Copied';
        clearTimeout(Number(button.dataset.timer));
        button.dataset.timer = String(setTimeout(() => (button.textContent = label), 2500));
      } catch {
        // No clipboard access (an old browser, a denied permission): the text is selected instead.
        field.focus();
        field.select();
        say('Press Ctrl+C (or ⌘C) to copy the selected text.');
      }
    });
  }

  const share = root.querySelector<HTMLButtonElement>('button[data-native-share]');
  if (share && typeof navigator.share === 'function') {
    share.hidden = false;
    share.addEventListener('click', () => {
      // Closing the share sheet rejects the promise too; there is nothing to tell then.
      navigator.share({ text: text() }).catch(() => undefined);
    });
  }
}

for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-print]')) {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}
