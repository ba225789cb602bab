package org.liverseg.examples.pipeline;

import static com.google.common.base.Preconditions.checkArgument;

import org.liverseg.io.LabelMap;

/**
 * Dice overlap of predicted and ground-truth masks on whole volumes, with the LiTS / MSD Task03
 * conventions: "liver" is the whole organ, tumours included (label 1 or 2), "tumour" is label 2.
 *
 * <p>Rule for empty masks: when neither the prediction nor the ground truth contains the structure
 * (a phantom without tumours, correctly predicted), the Dice is 1; when only one of them does, it
 * is 0. Reports also give the tumour mean over the cases that have tumours, where this rule plays
 * no part.
 */
public final class Dice {

  private Dice() {}

  /** Liver and tumour Dice of one case, with the voxel counts behind them. */
  public static CaseScore score(String caseId, LabelMap prediction, LabelMap truth) {
    checkArgument(prediction.shape().equals(truth.shape()),
        "case %s: prediction shape %s differs from ground-truth shape %s", caseId, prediction.shape(), truth.shape());
    byte[] p = prediction.labels();
    byte[] t = truth.labels();
    long pl = 0, tl = 0, il = 0, pt = 0, tt = 0, it = 0;
    for (int i = 0; i < p.length; i++) {
      int a = p[i] & 0xFF;
      int b = t[i] & 0xFF;
      boolean aLiver = a == 1 || a == 2;
      boolean bLiver = b == 1 || b == 2;
      if (aLiver) {
        pl++;
      }
      if (bLiver) {
        tl++;
      }
      if (aLiver && bLiver) {
        il++;
      }
      if (a == 2) {
        pt++;
      }
      if (b == 2) {
        tt++;
      }
      if (a == 2 && b == 2) {
        it++;
      }
    }
    return new CaseScore(caseId, dice(il, pl, tl), dice(it, pt, tt), tl, tt, pl, pt);
  }

  /** {@code 2|A∩B| / (|A| + |B|)}, 1 when both are empty. */
  public static double dice(long intersection, long a, long b) {
    return a + b == 0 ? 1.0 : 2.0 * intersection / (a + b);
  }
}
