/** The public page at /: the meetings, each with a link to its live view. */
import './base.css';
import './home.css';
import { h } from '../../client-kit/dom.ts';
import { formatDate, localIsoDate } from '../../client-kit/format.ts';
import type { Meeting } from '../../shared/schemas.ts';
import { listMeetings, PUBLIC_PATHS, publicApi } from './api.ts';
import { langFromSearch, homeT as t } from './i18n.ts';

const lang = langFromSearch(location.search);
document.documentElement.lang = lang;
const root = document.getElementById('app')!;


function render(meetings: Meeting[] | null): void {
  const header = h('header', { class: 'home-head' });
  const top = h('div', { class: 'home-top' });
  top.append(h('h1', { class: 'home-title' }, t('appName', lang)));
  const langLink = h('a', { class: 'lang-link' }, t('otherLanguage', lang));
  langLink.href = lang === 'en' ? '/' : '/?lang=en';
  langLink.lang = lang === 'nl' ? 'en' : 'nl';
  top.append(langLink);
  header.append(top, h('p', { class: 'home-intro' }, t('publicIntro', lang)));
  const main = h('main', { class: 'home-main' });
  main.id = 'main';
  main.append(h('h2', { class: 'home-sub' }, t('meetings', lang)));
  if (meetings === null) main.append(h('p', { class: 'page-message' }, t('loadError', lang)));
  else if (meetings.length === 0) main.append(h('p', { class: 'page-message' }, t('noMeeting', lang)));
  else {
    const today = localIsoDate(new Date());
    const list = h('ul', { class: 'meeting-list' });
    const sorted = [...meetings].sort((a, b) => (a.date === b.date ? b.id - a.id : a.date < b.date ? 1 : -1));
    for (const meeting of sorted) {
      const li = h('li', { class: `meeting-item${meeting.date === today ? ' is-today' : ''}` });
      const link = h('a', { class: 'meeting-link' });
      link.href = PUBLIC_PATHS.live(meeting.id, lang);
      const name = h('span', { class: 'meeting-name' }, meeting.title);
      if (lang !== 'nl') name.lang = 'nl';
      link.append(name);
      const when = [formatDate(meeting.date, lang), meeting.venue].filter(Boolean).join(' · ');
      link.append(h('span', { class: 'meeting-when' }, meeting.date === today ? `${when} · ${t('today', lang)}` : when));
      link.append(h('span', { class: 'meeting-go' }, `${t('followLive', lang)} →`));
      const more = h('p', { class: 'meeting-more' });
      const record = h('a', { href: PUBLIC_PATHS.record(meeting.id, lang) }, t('votingRecord', lang));
      const receipt = h('a', { href: PUBLIC_PATHS.receipt(meeting.id, lang) }, t('checkReceipt', lang));
      more.append(record, receipt);
      li.append(link, more);
      list.append(li);
    }
    main.append(list);
  }
  root.replaceChildren(header, main);
  root.dataset.loaded = 'true';
}

listMeetings(publicApi(lang)).then(render, () => render(null));
