package org.liverseg.models.metrics;

/**
 * Voxel counts for one class or {@link Region} of one segmentation against its ground truth, and
 * the scores derived from them.
 *
 * <p>Empty-set rule: when the structure is absent from both truth and prediction ({@code tp + fp +
 * fn == 0}), Dice, precision and recall are all defined as 1 (the prediction is exactly right:
 * nothing to find, nothing found). This matters for tumour-free cases, where a 0/0 Dice would
 * otherwise be NaN and drop the case, or 0 and punish a correct prediction. Precision alone is 1
 * when nothing was predicted, and recall alone is 1 when there was nothing to find, so that they
 * stay finite; Dice is 0 whenever exactly one of truth and prediction is empty.
 *
 * @param truePositives voxels of the structure in both truth and prediction
 * @param falsePositives voxels predicted as the structure but not in the truth
 * @param falseNegatives voxels of the structure in the truth but predicted otherwise
 */
public record Overlap(long truePositives, long falsePositives, long falseNegatives) {

  /** Checks the counts. */
  public Overlap {
    if (truePositives < 0 || falsePositives < 0 || falseNegatives < 0) {
      throw new IllegalArgumentException(
          "voxel counts must be >= 0, got tp="
              + truePositives
              + " fp="
              + falsePositives
              + " fn="
              + falseNegatives);
    }
  }

  /** No voxels at all. */
  public static final Overlap EMPTY = new Overlap(0, 0, 0);

  /** Dice = 2 tp / (2 tp + fp + fn); 1 when truth and prediction are both empty. */
  public double dice() {
    long den = 2 * truePositives + falsePositives + falseNegatives;
    return den == 0 ? 1.0 : 2.0 * truePositives / den;
  }

  /** Precision = tp / (tp + fp); 1 when nothing was predicted. */
  public double precision() {
    long den = truePositives + falsePositives;
    return den == 0 ? 1.0 : (double) truePositives / den;
  }

  /** Recall (sensitivity) = tp / (tp + fn); 1 when the truth is empty. */
  public double recall() {
    long den = truePositives + falseNegatives;
    return den == 0 ? 1.0 : (double) truePositives / den;
  }

  /** Voxels of the structure in the ground truth (tp + fn). */
  public long truthVoxels() {
    return truePositives + falseNegatives;
  }

  /** Voxels of the structure in the prediction (tp + fp). */
  public long predictedVoxels() {
    return truePositives + falsePositives;
  }

  /** Whether the structure is absent from both truth and prediction. */
  public boolean bothEmpty() {
    return truePositives + falsePositives + falseNegatives == 0;
  }

  /** Voxel-wise sum of two counts (for the global, dataset-level score). */
  public Overlap plus(Overlap o) {
    return new Overlap(
        truePositives + o.truePositives,
        falsePositives + o.falsePositives,
        falseNegatives + o.falseNegatives);
  }
}
