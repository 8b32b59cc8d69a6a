/**
 * The arithmetic of issue 12, point 4: what a secret round's published totals tell about the voters
 * when everyone knows the members' weights (GET /api/members) and who voted.
 */

/** How many sets of `k` of these weights add up to `sum`: 0, 1, or 2 for "two or more". */
export function subsetsWithSum(weights: readonly number[], k: number, sum: number): 0 | 1 | 2 {
  if (k < 0 || sum < 0) return 0;
  const ways = Array.from({ length: k + 1 }, () => new Uint8Array(sum + 1));
  ways[0][0] = 1;
  for (const w of weights) {
    for (let c = k; c >= 1; c--) {
      const into = ways[c];
      const from = ways[c - 1];
      for (let s = sum; s >= w; s--) into[s] = Math.min(2, into[s] + from[s - w]);
    }
  }
  return ways[k][sum] as 0 | 1 | 2;
}

/**
 * True when a choice's published count and weight single out its voters: exactly one set of that
 * many voters has that weight (those voters' choice is then known). A choice made by none or by all
 * tells the same on paper and is not counted here.
 */
export function singlesOut(voterWeights: readonly number[], group: readonly number[]): boolean {
  const n = voterWeights.length;
  let k = group.length;
  if (k === 0 || k === n) return false;
  let sum = group.reduce((a, b) => a + b, 0);
  // A set is the only one of its kind exactly when its complement is: count the smaller side.
  if (2 * k > n) {
    k = n - k;
    sum = voterWeights.reduce((a, b) => a + b, 0) - sum;
  }
  return subsetsWithSum(voterWeights, k, sum) === 1;
}

/** A small deterministic generator (the share of exposed rounds below must not change from run to run). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
}

/**
 * The share of secret rounds of `voters` members, drawn from `weights`, in which some choice's
 * totals single out its voters, when each votes for, against or abstains with `shares`.
 */
export function exposedShare(weights: readonly number[], voters: number, shares: readonly [number, number, number], trials: number, random: () => number): number {
  let exposed = 0;
  for (let t = 0; t < trials; t++) {
    const pool = [...weights];
    const drawn: number[] = [];
    for (let i = 0; i < voters; i++) drawn.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
    const groups: number[][] = [[], [], []];
    for (const w of drawn) {
      const r = random();
      groups[r < shares[0] ? 0 : r < shares[0] + shares[1] ? 1 : 2].push(w);
    }
    if (groups.some((g) => singlesOut(drawn, g))) exposed++;
  }
  return exposed / trials;
}
