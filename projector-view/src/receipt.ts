/**
 * The receipt check at /projector/receipt.html?meeting=ID (issue 17.4): a voter types the receipt the
 * kiosk showed and sees the ballot as published. It reads only the public ballot lists of the closed
 * rounds (GET /api/rounds/:id/ballots), so it shows nothing those lists do not.
 */
import './base.css';
import './home.css';
import { h, replaceContent } from '../../client-kit/dom.ts';
import { CHOICE_LABELS } from '../../shared/labels.ts';
import { isSplit, type BallotChoice, type MeetingDetail, type PublicBallot } from '../../shared/schemas.ts';
import { ballots, getMeeting, publicApi } from './api.ts';
import { langFromSearch, receiptT as t } from './i18n.ts';
import { dutch, meetingIdFromSearch, publicHeader } from './public-page.ts';
import { normalReceipt } from './receipt-code.ts';

const lang = langFromSearch(location.search);
document.documentElement.lang = lang;
const root = document.getElementById('app')!;
const api = publicApi(lang);
const meetingId = meetingIdFromSearch(location.search);

const ballotCache = new Map<number, PublicBallot[]>();

async function ballotsOf(roundId: number): Promise<PublicBallot[]> {
  const cached = ballotCache.get(roundId);
  if (cached) return cached;
  const published = await ballots(api, roundId);
  ballotCache.set(roundId, published);
  return published;
}

function choiceText(choice: BallotChoice): string {
  if (isSplit(choice)) return t('splitChoice', lang, choice.split);
  return CHOICE_LABELS[choice.choice][lang];
}

let detail: MeetingDetail | null = null;
const result = h('div', { class: 'check-result', role: 'status' });

function refsOf(motionIds: readonly number[]): string {
  const refs = new Map(detail?.agenda.flatMap((item) => item.motions.map((m) => [m.id, m.ref] as const)) ?? []);
  return motionIds.map((id) => refs.get(id) ?? `#${id}`).join(', ');
}

async function check(typed: string): Promise<void> {
  const receipt = normalReceipt(typed);
  if (!receipt) {
    replaceContent(result, h('p', { class: 'check-bad' }, t('receiptBadFormat', lang)));
    return;
  }
  replaceContent(result, h('p', null, t('searching', lang)));
  try {
    detail = meetingId === null ? null : await getMeeting(api, meetingId);
    const rounds = detail?.rounds ?? [];
    for (const round of rounds.filter((r) => r.state === 'closed')) {
      const ballot = (await ballotsOf(round.id)).find((b) => b.receipt === receipt);
      if (!ballot) continue;
      const found = h('div', { class: 'check-found' });
      found.append(h('p', { class: 'check-ok' }, `✓ ${t('receiptFound', lang, { refs: refsOf(round.motionIds) + (round.practice ? ` (${t('practiceRound', lang)})` : '') })}`));
      const tbl = h('table', { class: 'choices-table' });
      tbl.append(h('caption', null, `${t('yourChoices', lang)} · ${receipt}`));
      tbl.append(h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('motion', lang)), h('th', { scope: 'col' }, t('choice', lang)))));
      const body = h('tbody');
      const motions = new Map(detail!.agenda.flatMap((item) => item.motions.map((m) => [m.id, m] as const)));
      for (const choice of ballot.choices) {
        const motion = motions.get(choice.motionId);
        const th = h('th', { scope: 'row' }, `${motion?.ref ?? `#${choice.motionId}`} `);
        if (motion) th.append(dutch(h('span', { class: 'choice-title' }, motion.title), lang));
        body.append(h('tr', null, th, h('td', null, choiceText(choice))));
      }
      tbl.append(body);
      const all = h('a', { href: `/api/rounds/${round.id}/ballots` }, t('allBallots', lang));
      found.append(tbl, h('p', null, all));
      replaceContent(result, found);
      return;
    }
    const parts = [h('p', { class: 'check-bad' }, t('receiptNotFound', lang))];
    const open = rounds.find((r) => r.state === 'open');
    if (open) parts.push(h('p', null, t('stillOpen', lang, { refs: refsOf(open.motionIds) })));
    replaceContent(result, ...parts);
  } catch (error) {
    replaceContent(result, h('p', { class: 'check-bad' }, error instanceof Error ? error.message : t('loadError', lang)));
  }
}

function render(): void {
  const main = h('main', { class: 'home-main', id: 'main' });
  main.append(h('p', { class: 'home-intro' }, t('checkReceiptIntro', lang)));
  const form = h('form', { class: 'check-form', novalidate: true });
  const input = h('input', {
    id: 'receipt',
    name: 'receipt',
    type: 'text',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    inputmode: 'text',
    'aria-describedby': 'receipt-hint',
    maxlength: '40',
  });
  const label = h('label', { for: 'receipt' }, t('receiptLabel', lang));
  const hint = h('p', { id: 'receipt-hint', class: 'hint' }, t('receiptHint', lang));
  const button = h('button', { type: 'submit', class: 'primary' }, t('check', lang));
  const row = h('div', { class: 'check-row' });
  row.append(input, button);
  form.append(label, hint, row);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void check(input.value);
  });
  main.append(form, result);
  document.title = `${t('checkReceipt', lang)} · Stemkaart`;
  root.replaceChildren(publicHeader(lang, t('checkReceipt', lang), detail), main);
  root.dataset.loaded = 'true';
}

async function start(): Promise<void> {
  try {
    detail = meetingId === null ? null : await getMeeting(api, meetingId);
  } catch {
    detail = null;
  }
  render();
}

void start();
