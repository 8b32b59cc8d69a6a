/** What the public pages (meeting list, voting record, receipt check) share: header, meeting and language. */
import { h } from '../../client-kit/dom.ts';
import { formatDate } from '../../client-kit/format.ts';
import type { Meeting } from '../../shared/schemas.ts';
import { PUBLIC_PATHS } from './api.ts';
import { publicPageT as t, type Lang } from './i18n.ts';

/** The language of what the organisers typed (titles, names): Dutch; marked so in the English page (WCAG 3.1.2). */
export function dutch<T extends HTMLElement>(element: T, lang: Lang): T {
  if (lang !== 'nl') element.lang = 'nl';
  return element;
}

export function meetingIdFromSearch(search: string): number | null {
  const id = Number(new URLSearchParams(search).get('meeting'));
  return Number.isInteger(id) && id > 0 ? id : null;
}

/** The same page in the other language. */
export function otherLanguageHref(lang: Lang): string {
  const params = new URLSearchParams(location.search);
  if (lang === 'en') params.delete('lang');
  else params.set('lang', 'en');
  const query = params.toString();
  return `${location.pathname}${query ? `?${query}` : ''}`;
}

/** The header of a meeting's public page: back to the list, the page's name, the meeting, the language link. */
export function publicHeader(lang: Lang, pageTitle: string, meeting: Meeting | null): HTMLElement {
  const header = h('header', { class: 'home-head' });
  const top = h('div', { class: 'home-top' });
  const back = h('a', { class: 'back-link' }, `← ${t('backToMeetings', lang)}`);
  back.href = PUBLIC_PATHS.home(lang);
  const langLink = h('a', { class: 'lang-link' }, t('otherLanguage', lang));
  langLink.href = otherLanguageHref(lang);
  langLink.lang = lang === 'nl' ? 'en' : 'nl';
  top.append(back, langLink);
  header.append(top, h('h1', { class: 'home-title' }, pageTitle));
  if (meeting) {
    const name = dutch(h('p', { class: 'page-meeting' }, meeting.title), lang);
    const when = h('p', { class: 'meeting-when' }, [formatDate(meeting.date, lang), meeting.venue].filter(Boolean).join(' · '));
    if (meeting.venue) dutch(when, lang);
    header.append(name, when);
  }
  return header;
}
