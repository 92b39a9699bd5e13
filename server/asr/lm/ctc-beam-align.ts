/**
 * Viterbi (forced) alignment of a decoded label sequence to CTC log-probabilities,
 * to give beam-search words the same kind of times and confidences as greedy
 * decoding: each label's first and last frame of its best alignment, and its
 * posterior at the first frame.
 *
 * Word delimiters are not labels here: a delimiter frame may stand wherever a
 * blank may, so leading, doubled and missing delimiters all align.
 */

export interface LabelAlignment {
  readonly firstFrame: Int32Array;
  readonly lastFrame: Int32Array;
  /** natural-log posterior of each label at its first frame */
  readonly logProb: Float32Array;
}

/**
 * `logProbs` is row-major [frames][vocab] and already log-softmaxed. Returns null
 * when no alignment exists (more labels than the frames allow).
 */
export function alignLabels(
  logProbs: Float32Array,
  numFrames: number,
  vocab: number,
  labels: ArrayLike<number>,
  blankId: number,
  delimiterId: number,
): LabelAlignment | null {
  const L = labels.length;
  const firstFrame = new Int32Array(L);
  const lastFrame = new Int32Array(L);
  const logProb = new Float32Array(L);
  if (L === 0) return { firstFrame, lastFrame, logProb };
  const S = 2 * L + 1;
  const back = new Uint8Array(numFrames * S);
  let prev = new Float64Array(S).fill(-Infinity);
  let cur = new Float64Array(S);
  const blankScore = (row: number): number => {
    const b = logProbs[row + blankId]!;
    return delimiterId >= 0 ? Math.max(b, logProbs[row + delimiterId]!) : b;
  };
  prev[0] = blankScore(0);
  prev[1] = logProbs[labels[0]!]!;
  for (let t = 1; t < numFrames; t++) {
    const row = t * vocab;
    const bs = blankScore(row);
    for (let s = 0; s < S; s++) {
      let best = prev[s]!;
      let from = 0;
      if (s >= 1 && prev[s - 1]! > best) {
        best = prev[s - 1]!;
        from = 1;
      }
      if (s >= 3 && s % 2 === 1 && labels[(s - 1) / 2] !== labels[(s - 3) / 2] && prev[s - 2]! > best) {
        best = prev[s - 2]!;
        from = 2;
      }
      cur[s] = best + (s % 2 === 0 ? bs : logProbs[row + labels[(s - 1) / 2]!]!);
      back[t * S + s] = from;
    }
    [prev, cur] = [cur, prev];
  }
  let s = prev[S - 1]! >= prev[S - 2]! ? S - 1 : S - 2;
  if (prev[s] === -Infinity) return null;
  firstFrame.fill(-1);
  for (let t = numFrames - 1; t >= 0; t--) {
    if (s % 2 === 1) {
      const l = (s - 1) / 2;
      if (firstFrame[l] === -1) lastFrame[l] = t;
      firstFrame[l] = t;
    }
    if (t > 0) s -= back[t * S + s]!;
  }
  for (let l = 0; l < L; l++) logProb[l] = logProbs[firstFrame[l]! * vocab + labels[l]!]!;
  return { firstFrame, lastFrame, logProb };
}
