/**
 * The voting record (stemgedrag) of a meeting at /projector/record.html?meeting=ID: per member its
 * choice on every motion decided in an open round, with the CSV and JSON to download. It follows the
 * live feed and reloads after every close.
 */
import './base.css';
import './home.css';
import { h, replaceContent } from '../../client-kit/dom.ts';
import { connectFeed } from '../../client-kit/feed.ts';
import { formatNumber } from '../../client-kit/format.ts';
import { OUTCOME_LABELS } from '../../shared/labels.ts';
import type { Meeting, VotingRecord } from '../../shared/schemas.ts';
import { recordCellClass } from './record-cells.ts';
import { getMeeting, publicApi, votingRecord } from './api.ts';
import { langFromSearch, recordT as t } from './i18n.ts';
import { dutch, meetingIdFromSearch, publicHeader } from './public-page.ts';

const lang = langFromSearch(location.search);
document.documentElement.lang = lang;
const root = document.getElementById('app')!;
const api = publicApi(lang);
const meetingId = meetingIdFromSearch(location.search);

function table(record: VotingRecord): HTMLElement {
  const wrap = h('div', { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-label': t('tableScroll', lang) });
  const tbl = h('table', { class: 'record-table' });
  tbl.append(h('caption', { class: 'visually-hidden' }, t('votingRecordCaption', lang)));
  const head = h('tr');
  head.append(h('th', { scope: 'col' }, t('member', lang)), h('th', { scope: 'col', class: 'num' }, t('weight', lang)));
  for (const motion of record.motions) {
    const th = h('th', { scope: 'col', class: 'motion-col' });
    th.append(h('span', { class: 'col-ref' }, motion.ref), dutch(h('span', { class: 'col-title' }, motion.title), lang));
    if (motion.outcome) th.append(h('span', { class: `col-outcome outcome-${motion.outcome}` }, OUTCOME_LABELS[motion.outcome][lang]));
    head.append(th);
  }
  tbl.append(h('thead', null, head));
  const body = h('tbody');
  for (const row of record.rows) {
    const tr = h('tr');
    tr.append(dutch(h('th', { scope: 'row' }, row.name), lang), h('td', { class: 'num' }, formatNumber(row.weight, lang)));
    // The cells are the record's own Dutch words (voor, tegen, ...), as in the CSV.
    for (const cell of row.cells) tr.append(dutch(h('td', { class: recordCellClass(cell) }, cell), lang));
    body.append(tr);
  }
  tbl.append(body);
  wrap.append(tbl);
  return wrap;
}

function render(meeting: Meeting | null, record: VotingRecord | null, failed: boolean): void {
  const main = h('main', { class: 'home-main', id: 'main' });
  main.append(h('p', { class: 'home-intro' }, t('votingRecordIntro', lang)));
  if (failed || meetingId === null) main.append(h('p', { class: 'page-message' }, t('loadError', lang)));
  else if (record) {
    const downloads = h('p', { class: 'downloads' });
    const csv = h('a', { class: 'download', href: `/api/meetings/${meetingId}/voting-record.csv` }, t('downloadCsv', lang));
    const json = h('a', { class: 'download', href: `/api/meetings/${meetingId}/voting-record.json` }, t('downloadJson', lang));
    downloads.append(csv, ' ', json);
    main.append(downloads);
    main.append(record.motions.length ? table(record) : h('p', { class: 'page-message' }, t('votingRecordEmpty', lang)));
  } else main.append(h('p', { class: 'page-message' }, '…'));
  document.title = `${t('votingRecord', lang)}${meeting ? ` · ${meeting.title}` : ''} · Stemkaart`;
  replaceContent(root, publicHeader(lang, t('votingRecord', lang), meeting), main);
  root.dataset.loaded = record || failed ? 'true' : 'false';
}

async function load(): Promise<void> {
  if (meetingId === null) return render(null, null, true);
  try {
    const [meeting, record] = await Promise.all([getMeeting(api, meetingId), votingRecord(api, meetingId)]);
    render(meeting, record, false);
  } catch {
    render(null, null, true);
  }
}

void load();
if (meetingId !== null) {
  const closed = new Set<number>();
  connectFeed({ namespace: 'live', meetingId, heartbeat: false }, {
    snapshot(snapshot) {
      for (const r of snapshot.rounds) if (r.state === 'closed') closed.add(r.id);
    },
    round(round) {
      // A new close adds a column: load the record again.
      if (round.state === 'closed' && !closed.has(round.id)) {
        closed.add(round.id);
        void load();
      }
    },
  });
}
