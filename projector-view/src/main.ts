/** The projector page (/projector?meeting=ID): the hall screen and the public live view. */
import './base.css';
import './projector.css';
import './projector-tally.css';
import './projector-agenda.css';
import './projector-hall.css';
import { h } from '../../client-kit/dom.ts';
import { connectFeed, type FeedConnection } from '../../client-kit/feed.ts';
import { localIsoDate } from '../../client-kit/format.ts';
import { getMeeting, listMeetings, memberNames, publicApi } from './api.ts';
import { langFromSearch, projectorT as t } from './i18n.ts';
import { ProjectorRenderer } from './render.ts';
import {
  applyPresence,
  applyProjector,
  applyRound,
  applySnapshot,
  emptyState,
  pickMeeting,
  projectorView,
  roundChangesAgenda,
  type LiveState,
} from './view-model.ts';

const lang = langFromSearch(location.search);
document.documentElement.lang = lang;
const root = document.getElementById('app')!;
const api = publicApi(lang);

function otherLanguageHref(): string {
  const params = new URLSearchParams(location.search);
  if (lang === 'en') params.delete('lang');
  else params.set('lang', 'en');
  const query = params.toString();
  return `${location.pathname}${query ? `?${query}` : ''}`;
}

function showMessage(text: string): void {
  root.replaceChildren(h('p', { class: 'page-message' }, text));
  root.setAttribute('aria-busy', 'false');
}

async function resolveMeetingId(): Promise<number | null> {
  const asked = Number(new URLSearchParams(location.search).get('meeting'));
  if (Number.isInteger(asked) && asked > 0) return asked;
  return pickMeeting(await listMeetings(api), localIsoDate(new Date()))?.id ?? null;
}

async function start(): Promise<void> {
  let meetingId: number | null;
  try {
    meetingId = await resolveMeetingId();
  } catch {
    showMessage(t('loadError', lang));
    setTimeout(() => void start(), 5000);
    return;
  }
  if (meetingId === null) {
    showMessage(t('noMeeting', lang));
    setTimeout(() => void start(), 10_000);
    return;
  }
  const id = meetingId;
  let state: LiveState = emptyState();
  const renderer = new ProjectorRenderer(root, lang, otherLanguageHref());
  root.dataset.meeting = String(id);

  // Renders at most every 30 ms. A timer, not requestAnimationFrame: a tab that is not in front
  // gets no frames, and a projector window may well be behind another one.
  let scheduled = false;
  const draw = (): void => {
    scheduled = false;
    renderer.render(projectorView(state, lang));
    root.dataset.connection = state.connection;
  };
  const render = (): void => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(draw, 30);
  };

  // The agenda (motion titles, statuses) comes over HTTP; one fetch at a time, repeated when asked meanwhile.
  let fetching = false;
  let fetchAgain = false;
  const refreshDetail = async (): Promise<void> => {
    if (fetching) {
      fetchAgain = true;
      return;
    }
    fetching = true;
    try {
      do {
        fetchAgain = false;
        try {
          // Await first: spreading `state` before the await would bring back what came meanwhile.
          const detail = await getMeeting(api, id);
          state = { ...state, detail };
          render();
        } catch {
          // the feed still shows the figures; the next snapshot or change retries
        }
      } while (fetchAgain);
    } finally {
      fetching = false;
    }
  };

  void memberNames(api)
    .then((names) => {
      state = { ...state, memberNames: names };
      render();
    })
    .catch(() => undefined);

  let feedConnection: FeedConnection = 'connecting';
  let serverUp = true;
  const showConnection = (): void => {
    const connection = serverUp ? feedConnection : 'disconnected';
    if (state.connection === connection) return;
    state = { ...state, connection };
    render();
  };
  connectFeed({ namespace: 'live', meetingId: id }, {
    snapshot(snapshot) {
      state = applySnapshot(state, snapshot);
      render();
      void refreshDetail();
    },
    round(round) {
      const agendaChanged = roundChangesAgenda(state, round);
      state = applyRound(state, round);
      render();
      if (agendaChanged) void refreshDetail();
    },
    presence(presence) {
      state = applyPresence(state, presence);
      render();
    },
    projector(projector) {
      state = applyProjector(state, projector);
      render();
      // The motion to show may be new or edited since the agenda was fetched.
      if (projector.show === 'motion') void refreshDetail();
    },
    connection(connection) {
      feedConnection = connection;
      showConnection();
    },
    // The heartbeat (issue 22): a server that stopped answering is said within 3 s, even while the
    // socket has not noticed yet (a cable pulled sends no goodbye).
    server(up) {
      serverUp = up;
      showConnection();
    },
  });
  render();
}

void start();
