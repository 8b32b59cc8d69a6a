/**
 * Turns a ProjectorView into DOM. The structure of a round is built once and then patched in place,
 * so bars move smoothly (unless reduced motion is asked for) and nothing flickers on every ballot.
 */
import type { Lang } from '../../shared/errors.ts';
import { h, setText, setWidth } from '../../client-kit/dom.ts';
import { t } from './i18n.ts';
import type { BarView, MotionCardView, OutcomeView, OverviewGroup, ProjectorView, TurnoutView } from './view-model.ts';

const OUTCOME_MARK = { adopted: '✓', rejected: '✗' } as const;
const STATUS_MARK: Record<string, string> = { adopted: '✓', rejected: '✗', in_vote: '●', withdrawn: '–', submitted: '○' };

export class ProjectorRenderer {
  private readonly title = h('h1', { class: 'meeting-title' });
  private readonly subtitle = h('p', { class: 'meeting-sub' });
  private readonly chip = h('span', { class: 'chip' });
  private readonly banner = h('div', { class: 'banner' });
  private readonly roundArea = h('main', { class: 'round-area' });
  private readonly overview = h('aside', { class: 'overview' });
  private roundSignature = '';
  private overviewSignature = '';
  private lastOutcomeAnnounced = '';
  private readonly announcer = h('div', { class: 'visually-hidden' });

  constructor(
    private readonly root: HTMLElement,
    private readonly lang: Lang,
    otherLanguageHref: string,
  ) {
    root.replaceChildren();
    root.classList.add('screen');
    const header = h('header', { class: 'top' });
    const titles = h('div', { class: 'titles' });
    titles.append(this.title, this.subtitle);
    const status = h('div', { class: 'top-status' });
    const langLink = h('a', { class: 'lang-link' }, t('otherLanguage', lang));
    langLink.href = otherLanguageHref;
    langLink.lang = lang === 'nl' ? 'en' : 'nl';
    status.append(this.chip, langLink);
    header.append(titles, status);
    this.banner.setAttribute('role', 'status');
    this.banner.hidden = true;
    this.announcer.setAttribute('aria-live', 'assertive');
    this.roundArea.id = 'main';
    const layout = h('div', { class: 'layout' });
    this.overview.setAttribute('aria-label', t('overview', lang));
    // On a small screen a long agenda scrolls inside the overview: keyboard users must reach it.
    this.overview.tabIndex = 0;
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
    const section = h('section', { class: 'round round-none' });
    section.append(h('p', { class: 'no-round' }, view.noRoundText ?? ''), this.buildTurnout(null));
    return section;
  }

  private buildRound(view: ProjectorView): HTMLElement {
    const round = view.round!;
    const section = h('section', { class: `round state-${round.state}` });
    section.setAttribute('aria-labelledby', 'round-heading');
    const head = h('div', { class: 'round-head' });
    const heading = h('h2', { class: 'round-heading' }, round.heading);
    heading.id = 'round-heading';
    head.append(heading);
    if (round.badges.length) {
      const badges = h('ul', { class: 'badges' });
      for (const badge of round.badges) badges.append(h('li', { class: 'badge' }, badge));
      head.append(badges);
    }
    section.append(head);
    if (round.state !== 'cancelled') section.append(this.buildTurnout(round.state));
    if (round.cancelNote) section.append(h('p', { class: 'cancel-note' }, round.cancelNote));
    const motions = h('div', { class: `motions count-${Math.min(round.motions.length, 4)}` });
    for (const motion of round.motions) motions.append(this.buildMotion(motion, round.hiddenText));
    section.append(motions);
    if (round.headHash) {
      const hash = h('p', { class: 'head-hash' });
      hash.append(h('span', { class: 'head-hash-label' }, `${t('headHash', this.lang)}: `), h('code', null, round.headHash));
      section.append(hash);
    }
    return section;
  }

  private buildTurnout(state: string | null): HTMLElement {
    const box = h('div', { class: 'turnout' });
    box.dataset.state = state ?? 'none';
    const voted = h('p', { class: 'turnout-voted' });
    voted.append(h('span', { class: 'turnout-label' }, `${t('voted', this.lang)}: `), h('span', { class: 'turnout-voted-value' }));
    const present = h('p', { class: 'turnout-present' });
    present.append(h('span', { class: 'turnout-label' }, `${t('present', this.lang)}: `), h('span', { class: 'turnout-present-value' }));
    const track = h('div', { class: 'progress' });
    track.setAttribute('role', 'progressbar');
    track.setAttribute('aria-label', t('turnoutBar', this.lang));
    track.setAttribute('aria-valuemin', '0');
    track.setAttribute('aria-valuemax', '100');
    track.append(h('div', { class: 'progress-fill' }));
    const pct = h('span', { class: 'turnout-pct' });
    const bar = h('div', { class: 'turnout-bar' });
    bar.append(track, pct);
    if (state === null) box.append(present);
    else box.append(voted, present, bar);
    return box;
  }

  private buildMotion(motion: MotionCardView, hiddenText: string | null): HTMLElement {
    const card = h('article', { class: 'motion' });
    card.dataset.motion = String(motion.motionId);
    const meta = h('p', { class: 'motion-meta' });
    meta.append(h('span', { class: 'ref' }, motion.ref));
    if (motion.kind) meta.append(h('span', { class: 'kind' }, motion.kind));
    if (motion.amends) meta.append(h('span', { class: 'amends' }, motion.amends));
    card.append(meta);
    if (motion.title) card.append(h('h3', { class: 'motion-title' }, motion.title));
    const info = [motion.submitters, motion.advice].filter((x): x is string => Boolean(x));
    if (info.length) {
      const p = h('p', { class: 'motion-info' });
      info.forEach((line, i) => {
        if (i) p.append(h('span', { class: 'sep' }, ' · '));
        p.append(h('span', null, line));
      });
      card.append(p);
    }
    // After close the outcome is what the hall looks for: above the bars.
    if (motion.outcome) card.append(this.buildOutcome(motion.outcome));
    if (motion.bars) {
      const bars = h('div', { class: 'bars' });
      for (const bar of motion.bars) bars.append(this.buildBar(bar));
      card.append(bars);
    } else if (hiddenText) {
      card.append(h('p', { class: 'hidden-result' }, hiddenText));
    }
    return card;
  }

  private buildBar(bar: BarView): HTMLElement {
    const row = h('div', { class: `bar-row bar-${bar.choice}` });
    row.dataset.choice = bar.choice;
    const track = h('div', { class: 'bar-track' });
    track.setAttribute('aria-hidden', 'true');
    track.append(h('div', { class: 'bar-fill' }));
    row.append(h('span', { class: 'bar-label' }, bar.label), track, h('span', { class: 'bar-pct' }), h('span', { class: 'bar-figures' }));
    return row;
  }

  private buildOutcome(outcome: OutcomeView): HTMLElement {
    const box = h('div', { class: `outcome outcome-${outcome.kind}` });
    box.append(h('p', { class: 'outcome-words' }, `${OUTCOME_MARK[outcome.kind]} ${outcome.words}`), h('p', { class: 'outcome-figures' }, outcome.figures));
    const notes = h('ul', { class: 'outcome-notes' });
    for (const note of outcome.notes) notes.append(h('li', null, note));
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
    if (groups.length) children.push(h('h2', { class: 'overview-title' }, t('overview', this.lang)));
    for (const group of groups) {
      if (!group.motions.length) continue;
      const section = h('section', { class: 'ov-group' });
      section.append(h('h3', { class: 'ov-item' }, `${group.number}. ${group.title}`));
      const list = h('ul', { class: 'ov-list' });
      for (const row of group.motions) {
        const li = h('li', { class: `ov-row status-${row.status}${row.current ? ' is-current' : ''}` });
        li.append(h('span', { class: 'ov-ref' }, row.ref), h('span', { class: 'ov-title' }, row.title));
        const status = h('span', { class: 'ov-status' }, `${STATUS_MARK[row.status] ?? ''} ${row.statusText}${row.result ? ` · ${row.result}` : ''}`);
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
