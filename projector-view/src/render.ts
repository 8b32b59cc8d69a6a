/**
 * Turns a ProjectorView into DOM. The structure of a round is built once and then patched in place,
 * so bars move smoothly (unless reduced motion is asked for) and nothing flickers on every ballot.
 *
 * On a hall screen (a window of at least 1000 × 600 CSS px) the page is a fixed canvas: it never
 * scrolls. Everything inside the round area is sized in `em` of one scale, `--fit`; after each change
 * `fit()` takes the largest scale (and, for a motion's text, the fewest columns) at which nothing
 * overflows. Only when even the smallest does not fit is the text cut, and then with a visible sign.
 */
import type { Lang } from '../../shared/errors.ts';
import { h, setText, setWidth } from '../../client-kit/dom.ts';
import { projectorT as t } from './i18n.ts';
import type { BarView, MotionCardView, MotionTextView, OutcomeView, OverviewGroup, ProjectorView, QuorumView, TurnoutView } from './view-model.ts';

const OUTCOME_MARK = { adopted: '✓', rejected: '✗' } as const;
const STATUS_MARK: Record<string, string> = { adopted: '✓', rejected: '✗', in_vote: '●', withdrawn: '–', submitted: '○' };

/** The language of what the meeting's organisers typed (titles, texts, names): Dutch. */
const CONTENT_LANG = 'nl';

/** Where the fixed canvas applies (also in projector-hall.css). */
export const HALL_SCREEN_QUERY = '(min-width: 1000px) and (min-height: 600px)';

/** Scales tried for a round, largest first: a round that leaves room grows (a third of the screen empty helps nobody). */
const ROUND_FITS = [1.4, 1.3, 1.2, 1.1, 1, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5];
/** Scale and columns tried for a motion's text: smaller type first, then columns, never below 0.5. */
const TEXT_FITS: [number, number][] = [
  [1, 1],
  [0.92, 1],
  [0.85, 1],
  [0.8, 1],
  [0.85, 2],
  [0.8, 2],
  [0.75, 2],
  [0.7, 2],
  [0.7, 3],
  [0.65, 3],
  [0.6, 3],
  [0.55, 3],
  [0.5, 3],
];

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
  private fitSignature = '';
  private readonly announcer = h('div', { class: 'visually-hidden' });
  private readonly hallScreen: MediaQueryList | null;

  constructor(
    private readonly root: HTMLElement,
    private readonly lang: Lang,
    otherLanguageHref: string,
  ) {
    root.replaceChildren();
    root.classList.add('screen');
    const header = h('header', { class: 'top' });
    const titles = h('div', { class: 'titles' });
    if (lang !== CONTENT_LANG) {
      this.title.lang = CONTENT_LANG;
      this.subtitle.lang = CONTENT_LANG;
    }
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
    // A long agenda scrolls inside the overview (never the page): keyboard users must reach it.
    this.overview.tabIndex = 0;
    layout.append(this.roundArea, this.overview);
    root.append(header, this.banner, layout, this.announcer);
    this.hallScreen = typeof matchMedia === 'function' ? matchMedia(HALL_SCREEN_QUERY) : null;
    const refit = (): void => {
      this.fitSignature = '';
      this.fit();
    };
    this.hallScreen?.addEventListener('change', refit);
    addEventListener('resize', refit);
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
    if (view.motion) this.renderMotionText(view.motion);
    else this.renderRound(view);
    this.renderOverview(view.overview);
    // A round of three or more motions, or a motion's text, takes the whole width of a hall screen.
    this.root.classList.toggle('is-wide', Boolean(view.motion) || (view.round?.motions.length ?? 0) > 2);
    this.fit();
  }

  // ---------- fitting the fixed canvas ----------

  private overflows(element: Element): boolean {
    return element.scrollHeight > element.clientHeight + 1 || element.scrollWidth > element.clientWidth + 1;
  }

  /** Picks the largest scale at which the round area (and a motion's text) does not overflow. */
  private fit(): void {
    const area = this.roundArea;
    const text = area.querySelector<HTMLElement>('.mv-text');
    if (!this.hallScreen?.matches) {
      area.style.setProperty('--fit', '1');
      area.style.setProperty('--cols', '1');
      area.classList.remove('is-cut');
      this.root.dataset.fit = '1';
      return;
    }
    // Patching figures rarely changes the size: only refit when something overflows or the structure changed.
    const signature = `${this.roundSignature}|${innerWidth}x${innerHeight}`;
    if (signature === this.fitSignature && !this.overflows(area) && !(text && this.overflows(text))) return;
    this.fitSignature = signature;
    const tries: [number, number][] = text ? TEXT_FITS : ROUND_FITS.map((f) => [f, 1]);
    area.classList.remove('is-cut');
    for (const [scale, cols] of tries) {
      area.style.setProperty('--fit', String(scale));
      area.style.setProperty('--cols', String(cols));
      if (!this.overflows(area) && !(text && this.overflows(text))) {
        this.root.dataset.fit = String(scale);
        return;
      }
    }
    // Even the smallest does not fit: cut, and say so on the screen.
    area.classList.add('is-cut');
    this.root.dataset.fit = 'cut';
  }

  // ---------- one motion, whole ----------

  private renderMotionText(view: MotionTextView): void {
    const signature = `motion|${JSON.stringify(view)}`;
    if (signature === this.roundSignature) return;
    this.roundSignature = signature;
    const section = h('section', { class: 'motion-view' });
    section.setAttribute('aria-labelledby', 'mv-title');
    section.dataset.motion = String(view.motionId);
    const meta = h('p', { class: 'mv-meta' });
    meta.append(h('span', { class: 'ref' }, view.ref), h('span', { class: 'kind' }, view.kind));
    if (view.amends) meta.append(h('span', { class: 'amends' }, view.amends));
    meta.append(h('span', { class: 'mv-status' }, view.status));
    const title = h('h2', { class: 'mv-title' }, view.title);
    title.id = 'mv-title';
    this.markContent(title);
    section.append(meta, title);
    for (const line of [view.submitters, view.supporters]) {
      if (!line) continue;
      const p = h('p', { class: 'mv-people' }, line);
      section.append(p);
    }
    if (view.advice) {
      const advice = h('div', { class: 'mv-advice' });
      advice.append(h('p', { class: 'mv-advice-head' }, view.advice));
      if (view.adviceText) advice.append(this.markContent(h('p', { class: 'mv-advice-text' }, view.adviceText)));
      section.append(advice);
    }
    const text = h('div', { class: 'mv-text' });
    this.markContent(text);
    if (view.paragraphs.length) for (const paragraph of view.paragraphs) text.append(h('p', null, paragraph));
    else text.append(h('p', { class: 'mv-no-text' }, view.noText ?? ''));
    section.append(text, h('p', { class: 'mv-cut' }, `… ${t('textContinues', this.lang)}`));
    this.roundArea.replaceChildren(section);
  }

  /** Marks what the organisers typed as Dutch in the English screen (WCAG 3.1.2). */
  private markContent<T extends HTMLElement>(element: T): T {
    if (this.lang !== CONTENT_LANG) element.lang = CONTENT_LANG;
    return element;
  }

  // ---------- the round ----------

  private renderRound(view: ProjectorView): void {
    const round = view.round;
    const signature = round
      ? `${round.id}|${round.state}|${round.hidden}|${round.motions.map((m) => `${m.motionId}:${m.bars ? 1 : 0}:${m.outcome?.words ?? ''}:${m.practiceNote ?? ''}:${m.title}`).join(',')}|${round.headHash ?? ''}|${view.turnout.quorum?.width === null}`
      : `none|${view.noRoundText}`;
    if (signature !== this.roundSignature) {
      this.roundSignature = signature;
      this.roundArea.replaceChildren(round ? this.buildRound(view) : this.buildNoRound(view));
    }
    this.patchRound(view);
  }

  private buildNoRound(view: ProjectorView): HTMLElement {
    const section = h('section', { class: 'round round-none' });
    section.append(h('p', { class: 'no-round' }, view.noRoundText ?? ''), this.buildTurnout(null, null));
    return section;
  }

  private buildRound(view: ProjectorView): HTMLElement {
    const round = view.round!;
    const section = h('section', { class: `round state-${round.state}${round.practice ? ' is-practice' : ''}` });
    section.setAttribute('aria-labelledby', 'round-heading');
    const head = h('div', { class: 'round-head' });
    const heading = h('h2', { class: 'round-heading' }, round.heading);
    heading.id = 'round-heading';
    head.append(heading);
    if (round.practice) head.append(h('p', { class: 'practice-flag' }, round.practice));
    if (round.badges.length) {
      const badges = h('ul', { class: 'badges' });
      for (const badge of round.badges) badges.append(h('li', { class: 'badge' }, badge));
      head.append(badges);
    }
    section.append(head);
    if (round.state !== 'cancelled') section.append(this.buildTurnout(round.state, view.turnout.quorum));
    if (round.cancelNote) section.append(h('p', { class: 'cancel-note' }, round.cancelNote));
    if (round.cancelReason) {
      const reason = h('p', { class: 'cancel-reason' });
      reason.append(h('span', { class: 'cancel-reason-label' }, `${round.cancelReason.label}: `), this.markContent(h('span', { class: 'cancel-reason-text' }, round.cancelReason.text)));
      section.append(reason);
    }
    const motions = h('div', { class: `motions count-${Math.min(round.motions.length, 6)}` });
    for (const motion of round.motions) motions.append(this.buildMotion(motion, round.hiddenText));
    section.append(motions);
    const threshold = round.motions.find((m) => m.threshold)?.threshold;
    if (round.motions.some((m) => m.bars)) {
      const legend = h('p', { class: 'tally-legend' });
      if (threshold) legend.append(h('span', { class: 'legend-line', 'aria-hidden': 'true' }), h('span', null, `${threshold.label}. `));
      legend.append(h('span', null, t('percentBase', this.lang)));
      section.append(legend);
    }
    if (round.headHash) {
      const hash = h('p', { class: 'head-hash' });
      hash.append(h('span', { class: 'head-hash-label' }, `${t('headHash', this.lang)}: `), h('code', null, round.headHash));
      section.append(hash);
    }
    return section;
  }

  private buildTurnout(state: string | null, quorum: QuorumView | null): HTMLElement {
    const box = h('div', { class: 'turnout' });
    box.dataset.state = state ?? 'none';
    const voted = h('p', { class: 'turnout-voted' });
    voted.append(h('span', { class: 'turnout-label' }, `${t('voted', this.lang)}: `), h('span', { class: 'turnout-voted-value' }));
    const present = h('p', { class: 'turnout-present' });
    present.append(h('span', { class: 'turnout-label' }, `${t('present', this.lang)}: `), h('span', { class: 'turnout-present-value' }));
    if (state === null) {
      box.append(present);
      return box;
    }
    const track = h('div', { class: 'progress' });
    track.setAttribute('role', 'progressbar');
    track.setAttribute('aria-label', t('turnoutBar', this.lang));
    track.setAttribute('aria-valuemin', '0');
    track.setAttribute('aria-valuemax', '100');
    track.append(h('div', { class: 'progress-fill' }));
    const bar = h('div', { class: 'turnout-bar' });
    const pct = h('p', { class: 'meter-value' });
    pct.append(h('span', { class: 'turnout-pct' }), ' ', h('span', { class: 'meter-of' }, t('ofPresent', this.lang)));
    bar.append(h('span', { class: 'meter-label' }, t('turnoutPct', this.lang)), track, pct);
    box.append(voted, present, bar);
    if (quorum) {
      const q = h('div', { class: 'quorum-bar' });
      q.append(h('span', { class: 'meter-label' }, quorum.label));
      if (quorum.width !== null) {
        const qTrack = h('div', { class: 'progress progress-quorum' });
        qTrack.setAttribute('role', 'progressbar');
        qTrack.setAttribute('aria-label', t('presentOfEntitled', this.lang));
        qTrack.setAttribute('aria-valuemin', '0');
        qTrack.setAttribute('aria-valuemax', '100');
        const line = h('div', { class: 'quorum-line' });
        line.style.left = `${quorum.line}%`;
        qTrack.append(h('div', { class: 'progress-fill' }), line);
        const value = h('p', { class: 'meter-value' });
        value.append(h('span', { class: 'quorum-pct' }), ' ', h('span', { class: 'meter-of' }, t('quorumPresent', this.lang)), ' ', h('span', { class: 'quorum-state' }));
        q.append(qTrack, value);
      } else {
        // A hidden tally does not give the entitled weight: the rule is said, the count comes at close.
        q.append(h('span', { class: 'meter-of quorum-later' }, t('quorumAtClose', this.lang)));
      }
      box.append(q);
    }
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
    if (motion.title) card.append(this.markContent(h('h3', { class: 'motion-title' }, motion.title)));
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
    if (motion.practiceNote) card.append(h('p', { class: 'practice-closed' }, motion.practiceNote));
    if (motion.bars) {
      const bars = h('div', { class: 'bars' });
      for (const bar of motion.bars) bars.append(this.buildBar(bar, bar.choice === 'for' ? (motion.threshold?.position ?? null) : null));
      card.append(bars);
    } else if (hiddenText) {
      card.append(h('p', { class: 'hidden-result' }, hiddenText));
    }
    return card;
  }

  private buildBar(bar: BarView, line: number | null): HTMLElement {
    const row = h('div', { class: `bar-row bar-${bar.choice}` });
    row.dataset.choice = bar.choice;
    row.append(h('span', { class: 'bar-label' }, bar.label));
    if (bar.width !== null) {
      const track = h('div', { class: 'bar-track' });
      track.setAttribute('aria-hidden', 'true');
      track.append(h('div', { class: 'bar-fill' }));
      if (line !== null) {
        const mark = h('div', { class: 'majority-line' });
        mark.style.left = `${line}%`;
        track.append(mark);
      }
      row.append(track, h('span', { class: 'bar-pct' }));
    }
    row.append(h('span', { class: 'bar-figures' }));
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
        if (bar.width !== null) setWidth(row.querySelector<HTMLElement>('.bar-fill'), bar.width);
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
    const track = this.roundArea.querySelector<HTMLElement>('.turnout-bar .progress');
    if (track) {
      track.setAttribute('aria-valuenow', turnout.width.toFixed(1));
      track.setAttribute('aria-valuetext', turnout.summary);
      setWidth(track.querySelector<HTMLElement>('.progress-fill'), turnout.width);
    }
    const quorum = turnout.quorum;
    const qTrack = this.roundArea.querySelector<HTMLElement>('.progress-quorum');
    if (quorum && quorum.width !== null && qTrack) {
      qTrack.setAttribute('aria-valuenow', quorum.width.toFixed(1));
      qTrack.setAttribute('aria-valuetext', `${quorum.percent} · ${quorum.label}${quorum.state ? ` · ${quorum.state}` : ''}`);
      setWidth(qTrack.querySelector<HTMLElement>('.progress-fill'), quorum.width);
      qTrack.classList.toggle('is-met', quorum.met === true);
      setText(this.roundArea.querySelector('.quorum-pct'), quorum.percent);
      setText(this.roundArea.querySelector('.quorum-state'), quorum.state ? `· ${quorum.state}` : '');
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
      section.append(this.markContent(h('h3', { class: 'ov-item' }, `${group.number}. ${group.title}`)));
      const list = h('ul', { class: 'ov-list' });
      for (const row of group.motions) {
        const li = h('li', { class: `ov-row status-${row.status}${row.current ? ' is-current' : ''}` });
        li.append(h('span', { class: 'ov-ref' }, row.ref), this.markContent(h('span', { class: 'ov-title' }, row.title)));
        // On the hall screen only the mark shows (one line per motion, so that a whole agenda fits); the words stay for everyone else.
        const status = h(
          'span',
          { class: 'ov-status', title: `${row.statusText}${row.result ? ` · ${row.result}` : ''}` },
          h('span', { class: 'ov-mark', 'aria-hidden': 'true' }, STATUS_MARK[row.status] ?? ''),
          h('span', { class: 'ov-status-text' }, ` ${row.statusText}${row.result ? ` · ${row.result}` : ''}`),
        );
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
