/**
 * Where a ballot's server CPU goes, by stage, from a V8 CPU profile of the server (`--cpu-prof`)
 * taken while the ballots came in. Each sample is given to the innermost frame of its stack that
 * names a stage (a function of ours, or a file of Fastify, Socket.IO, …); samples of the idle
 * thread are left out. The shares times the server's CPU per ballot (from /proc) give µs per stage.
 * V8 samples the main thread whenever it is not idle, also while it waits in a system call: the
 * commit's fsync counts as `writer`, and time the host took the core away counts where it happened.
 */
import { readFileSync } from 'node:fs';

export const STAGES = ['routing and parsing', 'kiosk auth', 'validation', 'card lookup', 'writer', 'audit hash', 'reply', 'feed', 'garbage collection', 'other'] as const;
export type Stage = (typeof STAGES)[number];

interface Frame {
  functionName: string;
  url: string;
}
interface ProfileNode {
  id: number;
  callFrame: Frame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const byName: Record<string, Stage> = {
  // The audit entry's hash: its canonical JSON and SHA-256.
  sha256Hex: 'audit hash',
  canonicalJson: 'audit hash',
  storedEntryJson: 'audit hash',
  entryHash: 'audit hash',
  // The group commit: savepoints, inserts, commit, and the work after it.
  flush: 'writer',
  write: 'writer',
  writeCheckIn: 'writer',
  append: 'writer',
  committed: 'writer',
  apply: 'writer',
  inTransaction: 'writer',
  // The card: keyed hash of the code, the holder in memory.
  lookupAtKiosk: 'card lookup',
  // The ballot's checks: the round, presence, one ballot per member, the choices.
  parseChoices: 'validation',
  parseSplit: 'validation',
  cast: 'validation',
  requirePresence: 'validation',
  // The kiosk's token.
  authenticate: 'kiosk auth',
  bearerToken: 'kiosk auth',
  // What the live feed does per emit (the public and chair views, shaped by their schemas).
  schedule: 'feed',
  roundChanged: 'feed',
  presenceChanged: 'feed',
  shape: 'feed',
  view: 'feed',
  '(garbage collector)': 'garbage collection',
};

function stageOfUrl(url: string): Stage | null {
  if (!url) return null;
  if (/node_modules\/(socket\.io|engine\.io|ws|socket\.io-adapter|socket\.io-parser|@socket\.io|redis)\//.test(url)) return 'feed';
  if (/node_modules\/fastify\/lib\/(reply|wrapThenable|error-serializer)\.js/.test(url) || /node_modules\/fast-json-stringify\//.test(url)) return 'reply';
  if (/node_modules\/fastify\/lib\/validation\.js/.test(url)) return 'validation';
  if (/node_modules\/(fastify|find-my-way|secure-json-parse|@fastify|avvio|light-my-request)\//.test(url)) return 'routing and parsing';
  if (/^node:_http_(server|common|incoming)$/.test(url)) return 'routing and parsing';
  if (/^node:_http_outgoing$/.test(url)) return 'reply';
  return null;
}

/** Shares of the server's CPU by stage between `fromUs` and `toUs` (the profile's clock: CLOCK_MONOTONIC, µs). */
export function stagesFromProfile(file: string, fromUs: number, toUs: number): { shares: Map<Stage, number>; samples: number } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const parent = new Map<number, number>();
  const nodes = new Map<number, ProfileNode>();
  for (const n of profile.nodes) {
    nodes.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const stageOfNode = new Map<number, Stage | 'idle'>();
  const classify = (id: number): Stage | 'idle' => {
    const held = stageOfNode.get(id);
    if (held) return held;
    let stage: Stage | 'idle' = 'other';
    const leaf = nodes.get(id)!.callFrame.functionName;
    if (leaf === '(idle)') stage = 'idle';
    else {
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const frame = nodes.get(at)!.callFrame;
        // Names count only in our own code (common names such as `write` are Node's too).
        const ours = frame.url === '' ? frame.functionName.startsWith('(') : !frame.url.startsWith('node:') && !frame.url.includes('/node_modules/');
        const found = (ours ? byName[frame.functionName] : undefined) ?? stageOfUrl(frame.url);
        if (found) {
          stage = found;
          break;
        }
      }
    }
    stageOfNode.set(id, stage);
    return stage;
  };
  const counts = new Map<Stage, number>();
  let t = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (t < fromUs || t > toUs) continue;
    const stage = classify(profile.samples[i]);
    if (stage === 'idle') continue;
    counts.set(stage, (counts.get(stage) ?? 0) + 1);
    total++;
  }
  const shares = new Map<Stage, number>();
  for (const s of STAGES) shares.set(s, total ? (counts.get(s) ?? 0) / total : 0);
  return { shares, samples: total };
}
