/**
 * The kiosk page's start-up: pairs from the URL, asks the server who it is (again every few seconds
 * while it cannot be reached), then shows the kiosk (kiosk.ts: the voting or the check-in desk) and
 * keeps it connected: the live feed and its heartbeat, a poll while the feed is away, and the
 * meeting read again when something may have changed. A 401 anywhere ends the kiosk.
 *
 * Ready means ready (issue 22): the page is one script with the ballot flow and the staff settings
 * in it, so once it says "Scan uw stemkaart" the way from a card to its receipt needs the API and
 * nothing else from the network. (Issue 17 had split the ballot off as a chunk loaded at the first
 * card; a browser may keep a failed `import()` failed for the page's life, and a kiosk is a
 * dedicated device: reliability beats kilobytes. docs/architecture.md, "The idle kiosk".)
 */
import { ApiFailure } from '../../client-kit/api.ts';
import { h } from '../../client-kit/dom.ts';
import { connectFeed } from '../../client-kit/feed.ts';
import { createKioskApi, type KioskApi, type KioskIdentity } from './api.ts';
import { Kiosk } from './kiosk.ts';
import { lang, langButton } from './language.ts';
import { t, type TextKey } from './messages.ts';
import { forgetPairing, takePairing } from './pairing.ts';

const POLL_MS = 15_000;
const RETRY_PAIRING_MS = 3_000;

const root = document.getElementById('app') as HTMLElement;
const storage = window.localStorage;

/** A full-page message (not paired, server unreachable, loading). */
function showMessage(title: TextKey, body: TextKey | null, tone: 'info' | 'error'): void {
  const rerender = (): void => showMessage(title, body, tone);
  root.replaceChildren(
    h(
      'div',
      { class: `message-page message-page--${tone}` },
      h('div', { class: 'message-page__lang' }, h('span', { class: 'topbar__title' }, 'Stemkaart'), langButton(rerender)),
      h('main', { class: 'message-page__main' },
        h('div', { class: `badge ${tone === 'error' ? 'badge--error' : 'badge--info'}`, 'aria-hidden': 'true' }, tone === 'error' ? '!' : 'i'),
        h('h1', { class: 'screen__title', tabindex: -1 }, t(title, lang)),
        body ? h('p', { class: 'lead' }, t(body, lang)) : null,
      ),
    ),
  );
  document.title = `${t(title, lang)} — Stemkaart`;
}

function notPaired(): void {
  forgetPairing(storage);
  showMessage('notPairedTitle', 'notPairedBody', 'error');
}

async function start(): Promise<void> {
  const token = takePairing({ location: window.location, history: window.history, storage });
  if (!token) {
    notPaired();
    return;
  }
  showMessage('loading', null, 'info');
  let kiosk: { teardown(): void } | null = null;
  const api = createKioskApi({
    token,
    lang: () => lang,
    onUnauthorized: () => {
      kiosk?.teardown();
      kiosk = null;
      notPaired();
    },
  });
  for (;;) {
    try {
      const identity = await api.me();
      kiosk = connectKiosk(api, token, identity);
      return;
    } catch (error) {
      if (error instanceof ApiFailure && error.reason === 'unauthorized') return; // onUnauthorized showed it
      showMessage('unreachableTitle', 'unreachableBody', 'error');
      await new Promise((resolve) => setTimeout(resolve, RETRY_PAIRING_MS));
    }
  }
}

/** Shows the kiosk and keeps it told of the server: rounds, the meeting, the connection. */
function connectKiosk(api: KioskApi, token: string, identity: KioskIdentity): { teardown(): void } {
  let stopped = false;
  let live = false;
  const checkPairing = async (): Promise<void> => {
    try {
      await api.me();
    } catch {
      // 401 is handled by the api's onUnauthorized; anything else only changes the status.
    }
  };
  const refresh = async (): Promise<void> => {
    await checkPairing();
    if (identity.mode !== 'voting' || stopped) return;
    try {
      kiosk.meetingRead(await api.meeting(identity.meetingId));
    } catch {
      // The connection status says it; the next poll tries again.
    }
  };
  const kiosk = new Kiosk(root, api, identity, storage, () => void refresh());
  const onOnline = (): void => void refresh();
  window.addEventListener('online', onOnline);

  const feed = connectFeed(
    { namespace: 'kiosk', token, meetingId: identity.meetingId, transports: ['websocket', 'polling'] },
    {
      round: (round) => kiosk.onRound(round),
      snapshot: (snapshot) => {
        // Rounds may have changed while the feed was away; the open one (if any) is last.
        for (const round of [...snapshot.rounds].sort((a, b) => Number(a.state === 'open') - Number(b.state === 'open'))) kiosk.onRound(round);
      },
      connection: (connection) => {
        live = connection === 'live';
        kiosk.setLive(live);
      },
      // The server dropped this kiosk on purpose (revoked?): ask who we are; a 401 ends the kiosk.
      refused: () => void checkPairing(),
      // The heartbeat: the badge follows the server within 3 s both ways, not the last request (issue 22).
      server: (up) => {
        kiosk.setReachable(up);
        if (up) void refresh();
      },
    },
  );
  // Without the live feed the kiosk still learns about rounds and revocation, only later.
  const pollTimer = setInterval(() => {
    if (!live) void refresh();
  }, POLL_MS);

  kiosk.show();
  void refresh();
  return {
    teardown: () => {
      stopped = true;
      clearInterval(pollTimer);
      feed.close();
      window.removeEventListener('online', onOnline);
      kiosk.teardown();
    },
  };
}

// The page's watchdog (public/boot.js) reloads a page whose script never got this far.
document.documentElement.setAttribute('data-started', '');
void start();
