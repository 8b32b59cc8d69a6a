/**
 * Turns a ProjectorView into DOM. The structure of a round is built once and then patched in place,
 * so bars move smoothly (unless reduced motion is asked for) and nothing flickers on every ballot.
 */
import type { Lang } from '../../shared/errors.ts';
import { el, setText, setWidth } from './dom.ts';
import { t } from './i18n.ts';
import type { BarView, MotionCardView, OutcomeView, OverviewGroup, ProjectorView, TurnoutView } from './view-model.ts';

const OUTCOME_MARK = { adopted: '✓', rejected: '✗' } as const;
const STATUS_MARK: Record<string, string> = { adopted: '✓', rejected: '✗', in_vote: '●', withdrawn: '–', submitted: '○' };

export class ProjectorRenderer {
  private readonly title = el('h1', 'meeting-title');
  private readonly subtitle = el('p', 'meeting-sub');
  private readonly chip = el('span', 'chip');
  private readonly banner = el('div', 'banner');
  private readonly roundArea = el('main', 'round-area');
  private readonly overview = el('aside', 'overview');
  private roundSignature = '';
  private overviewSignature = '';
  private lastOutcomeAnnounced = '';
  private readonly announcer = el('div', 'visually-hidden');

  constructor(
    private readonly root: HTMLElement,
    private readonly lang: Lang,
    otherLanguageHref: string,
  ) {
    root.replaceChildren();
    root.classList.add('screen');
    const header = el('header', 'top');
    const titles = el('div', 'titles');
    titles.append(this.title, this.subtitle);
    const status = el('div', 'top-status');
    const langLink = el('a', 'lang-link', t('otherLanguage', lang));
    langLink.href = otherLanguageHref;
    langLink.lang = lang === 'nl' ? 'en' : 'nl';
    status.append(this.chip, langLink);
    header.append(titles, status);
    this.banner.setAttribute('role', 'status');
    this.banner.hidden = true;
    this.announcer.setAttribute('aria-live', 'assertive');
    this.roundArea.id = 'main';
    const layout = el('div', 'layout');
    this.overview.setAttribute('aria-label', t('overview', lang));
    layout.append(this.roundArea, this.overview);
    root.append(header, this.banner, layout, this.announcer);
  }

  render(view: ProjectorView): void {
    document.title = `${view.title} · Stemkaart`;
    setText(this.title, view.title);
    setText(this.subtitle, view.subtitle);
    this.subtitle.hidden = !view.subtitle;
    this.root.classList.toggle('is-stale', view.stale);
    this.chip.className = `chip chip-${view.connection}`;
    setText(this.chip, view.connection === 'live' ? `● ${t('live', this.lang)}` : view.connection === 'connecting' ? t('connecting', this.lang) : `⚠ ${t('disconnectedShort', this.lang)}`);
    // No banner when the page says the same thing in its main text already (first connect).
    this.banner.hidden = view.banner === null || view.banner === view.noRoundText;
    setText(this.banner, view.banner ?? '');
    this.banner.className = `banner banner-${view.connection}`;
    this.renderRound(view);
    this.renderOverview(view.overview);
  }

  private renderRound(view: ProjectorView): void {
    const round = view.round;
    const signature = round
      ? `${round.id}|${round.state}|${round.hidden}|${round.motions.map((m) => `${m.motionId}:${m.bars ? 1 : 0}:${m.outcome?.words ?? ''}:${m.title}`).join(',')}|${round.headHash ?? ''}`
      : `none|${view.noRoundText}`;
    if (signature !== this.roundSignature) {
      this.roundSignature = signature;
      this.roundArea.replaceChildren(round ? this.buildRound(view) : this.buildNoRound(view));
    }
    this.patchRound(view);
  }

  private buildNoRound(view: ProjectorView): HTMLElement {
    const section = el('section', 'round round-none');
    section.append(el('p', 'no-round', view.noRoundText ?? ''), this.buildTurnout(null));
    return section;
  }

  private buildRound(view: ProjectorView): HTMLElement {
    const round = view.round!;
    const section = el('section', `round state-${round.state}`);
    section.setAttribute('aria-labelledby', 'round-heading');
    const head = el('div', 'round-head');
    const heading = el('h2', 'round-heading', round.heading);
    heading.id = 'round-heading';
    head.append(heading);
    if (round.badges.length) {
      const badges = el('ul', 'badges');
      for (const badge of round.badges) badges.append(el('li', 'badge', badge));
      head.append(badges);
    }
    section.append(head);
    if (round.state !== 'cancelled') section.append(this.buildTurnout(round.state));
    if (round.cancelNote) section.append(el('p', 'cancel-note', round.cancelNote));
    const motions = el('div', `motions count-${Math.min(round.motions.length, 4)}`);
    for (const motion of round.motions) motions.append(this.buildMotion(motion, round.hiddenText));
    section.append(motions);
    if (round.headHash) {
      const hash = el('p', 'head-hash');
      hash.append(el('span', 'head-hash-label', `${t('headHash', this.lang)}: `), el('code', '', round.headHash));
      section.append(hash);
    }
    return section;
  }

  private buildTurnout(state: string | null): HTMLElement {
    const box = el('div', 'turnout');
    box.dataset.state = state ?? 'none';
    const voted = el('p', 'turnout-voted');
    voted.append(el('span', 'turnout-label', `${t('voted', this.lang)}: `), el('span', 'turnout-voted-value'));
    const present = el('p', 'turnout-present');
    present.append(el('span', 'turnout-label', `${t('present', this.lang)}: `), el('span', 'turnout-present-value'));
    const track = el('div', 'progress');
    track.setAttribute('role', 'progressbar');
    track.setAttribute('aria-label', t('turnoutBar', this.lang));
    track.setAttribute('aria-valuemin', '0');
    track.setAttribute('aria-valuemax', '100');
    track.append(el('div', 'progress-fill'));
    const pct = el('span', 'turnout-pct');
    const bar = el('div', 'turnout-bar');
    bar.append(track, pct);
    if (state === null) box.append(present);
    else box.append(voted, present, bar);
    return box;
  }

  private buildMotion(motion: MotionCardView, hiddenText: string | null): HTMLElement {
    const card = el('article', 'motion');
    card.dataset.motion = String(motion.motionId);
    const meta = el('p', 'motion-meta');
    meta.append(el('span', 'ref', motion.ref));
    if (motion.kind) meta.append(el('span', 'kind', motion.kind));
    if (motion.amends) meta.append(el('span', 'amends', motion.amends));
    card.append(meta);
    if (motion.title) card.append(el('h3', 'motion-title', motion.title));
    const info = [motion.submitters, motion.advice].filter((x): x is string => Boolean(x));
    if (info.length) {
      const p = el('p', 'motion-info');
      info.forEach((line, i) => {
        if (i) p.append(el('span', 'sep', ' · '));
        p.append(el('span', '', line));
      });
      card.append(p);
    }
    // After close the outcome is what the hall looks for: above the bars.
    if (motion.outcome) card.append(this.buildOutcome(motion.outcome));
    if (motion.bars) {
      const bars = el('div', 'bars');
      for (const bar of motion.bars) bars.append(this.buildBar(bar));
      card.append(bars);
    } else if (hiddenText) {
      card.append(el('p', 'hidden-result', hiddenText));
    }
    return card;
  }

  private buildBar(bar: BarView): HTMLElement {
    const row = el('div', `bar-row bar-${bar.choice}`);
    row.dataset.choice = bar.choice;
    const track = el('div', 'bar-track');
    track.setAttribute('aria-hidden', 'true');
    track.append(el('div', 'bar-fill'));
    row.append(el('span', 'bar-label', bar.label), track, el('span', 'bar-pct'), el('span', 'bar-figures'));
    return row;
  }

  private buildOutcome(outcome: OutcomeView): HTMLElement {
    const box = el('div', `outcome outcome-${outcome.kind}`);
    box.append(el('p', 'outcome-words', `${OUTCOME_MARK[outcome.kind]} ${outcome.words}`), el('p', 'outcome-figures', outcome.figures));
    const notes = el('ul', 'outcome-notes');
    for (const note of outcome.notes) notes.append(el('li', '', note));
    box.append(notes);
    return box;
  }

  private patchRound(view: ProjectorView): void {
    this.patchTurnout(view.turnout);
    for (const motion of view.round?.motions ?? []) {
      const card = this.roundArea.querySelector<HTMLElement>(`[data-motion="${motion.motionId}"]`);
      if (!card) continue;
      for (const bar of motion.bars ?? []) {
        const row = card.querySelector<HTMLElement>(`[data-choice="${bar.choice}"]`);
        if (!row) continue;
        setWidth(row.querySelector<HTMLElement>('.bar-fill'), bar.width);
        setText(row.querySelector('.bar-pct'), bar.percent);
        setText(row.querySelector('.bar-figures'), [bar.weight, bar.members, bar.note?.replaceAll(' ', '\u00a0')].filter(Boolean).join(' · '));
      }
    }
    const outcomes = (view.round?.motions ?? []).filter((m) => m.outcome).map((m) => `${m.ref}: ${m.outcome!.words}`).join('. ');
    if (outcomes && outcomes !== this.lastOutcomeAnnounced) setText(this.announcer, outcomes);
    this.lastOutcomeAnnounced = outcomes;
  }

  private patchTurnout(turnout: TurnoutView): void {
    setText(this.roundArea.querySelector('.turnout-voted-value'), turnout.voted);
    setText(this.roundArea.querySelector('.turnout-present-value'), turnout.present);
    setText(this.roundArea.querySelector('.turnout-pct'), turnout.percent);
    const track = this.roundArea.querySelector<HTMLElement>('.progress');
    if (track) {
      track.setAttribute('aria-valuenow', turnout.width.toFixed(1));
      track.setAttribute('aria-valuetext', turnout.summary);
      setWidth(track.querySelector<HTMLElement>('.progress-fill'), turnout.width);
    }
  }

  private renderOverview(groups: OverviewGroup[]): void {
    const signature = JSON.stringify(groups);
    if (signature === this.overviewSignature) return;
    this.overviewSignature = signature;
    const children: HTMLElement[] = [];
    if (groups.length) children.push(el('h2', 'overview-title', t('overview', this.lang)));
    for (const group of groups) {
      if (!group.motions.length) continue;
      const section = el('section', 'ov-group');
      section.append(el('h3', 'ov-item', `${group.number}. ${group.title}`));
      const list = el('ul', 'ov-list');
      for (const row of group.motions) {
        const li = el('li', `ov-row status-${row.status}${row.current ? ' is-current' : ''}`);
        li.append(el('span', 'ov-ref', row.ref), el('span', 'ov-title', row.title));
        const status = el('span', 'ov-status', `${STATUS_MARK[row.status] ?? ''} ${row.statusText}${row.result ? ` · ${row.result}` : ''}`);
        li.append(status);
        list.append(li);
      }
      section.append(list);
      children.push(section);
    }
    this.overview.replaceChildren(...children);
    this.overview.hidden = children.length === 0;
    // Only the box scrolls (on a hall screen it is shorter than the agenda), never the page.
    const current = this.overview.querySelector<HTMLElement>('.is-current');
    if (current && this.overview.scrollHeight > this.overview.clientHeight) {
      this.overview.scrollTop = Math.max(0, current.offsetTop - this.overview.clientHeight / 3);
    }
  }
}
