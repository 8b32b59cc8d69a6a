/** The public page at /: the meetings, each with a link to its live view. */
import './styles.css';
import type { Meeting } from '../../shared/schemas.ts';
import { listMeetings } from './api.ts';
import { el } from './dom.ts';
import { langFromSearch, t } from './i18n.ts';
import { formatDate, localIsoDate } from './view-model.ts';

const lang = langFromSearch(location.search);
document.documentElement.lang = lang;
const root = document.getElementById('app')!;

function liveHref(meeting: Meeting): string {
  return `/projector?meeting=${meeting.id}${lang === 'en' ? '&lang=en' : ''}`;
}

function render(meetings: Meeting[] | null): void {
  const header = el('header', 'home-head');
  const top = el('div', 'home-top');
  top.append(el('h1', 'home-title', t('appName', lang)));
  const langLink = el('a', 'lang-link', t('otherLanguage', lang));
  langLink.href = lang === 'en' ? '/' : '/?lang=en';
  langLink.lang = lang === 'nl' ? 'en' : 'nl';
  top.append(langLink);
  header.append(top, el('p', 'home-intro', t('publicIntro', lang)));
  const main = el('main', 'home-main');
  main.id = 'main';
  main.append(el('h2', 'home-sub', t('meetings', lang)));
  if (meetings === null) main.append(el('p', 'page-message', t('loadError', lang)));
  else if (meetings.length === 0) main.append(el('p', 'page-message', t('noMeeting', lang)));
  else {
    const today = localIsoDate(new Date());
    const list = el('ul', 'meeting-list');
    const sorted = [...meetings].sort((a, b) => (a.date === b.date ? b.id - a.id : a.date < b.date ? 1 : -1));
    for (const meeting of sorted) {
      const li = el('li', `meeting-item${meeting.date === today ? ' is-today' : ''}`);
      const link = el('a', 'meeting-link');
      link.href = liveHref(meeting);
      link.append(el('span', 'meeting-name', meeting.title));
      const when = [formatDate(meeting.date, lang), meeting.venue].filter(Boolean).join(' · ');
      link.append(el('span', 'meeting-when', meeting.date === today ? `${when} · ${t('today', lang)}` : when));
      link.append(el('span', 'meeting-go', `${t('followLive', lang)} →`));
      li.append(link);
      list.append(li);
    }
    main.append(list);
  }
  root.replaceChildren(header, main);
}

listMeetings(lang).then(render, () => render(null));
