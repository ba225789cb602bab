package org.liverseg.models.training;

/**
 * Summary of one training epoch: one row of {@link MetricsCsv}. Validation values are NaN in epochs
 * without validation.
 *
 * @param epoch 1-based epoch number
 * @param iterations training iterations (batches) done so far in the whole run, this epoch's
 *     included
 * @param meanLoss mean training loss per voxel over the epoch's batches (DL4J's score divided by
 *     the voxels of a patch)
 * @param validated whether validation ran after this epoch
 * @param validationLoss mean over the validation volumes of the class-weighted cross-entropy per
 *     voxel of the predicted probabilities ({@link org.liverseg.models.metrics.CrossEntropy}), NaN
 *     when not validated
 * @param liverDice mean per-case validation Dice of the liver region, labels 1 and 2 ({@link
 *     org.liverseg.models.task03.Task03#LIVER}), NaN when not validated
 * @param tumourDice mean per-case validation Dice of the tumour region, label 2, NaN when not
 *     validated
 * @param seconds wall time of the epoch including validation and checkpoints
 * @param patchesPerSecond training patches per second of the epoch's training part (validation
 *     excluded)
 * @param improved whether this epoch's validation was the best so far (a best checkpoint was
 *     written)
 */
public record EpochReport(
    int epoch,
    long iterations,
    double meanLoss,
    boolean validated,
    double validationLoss,
    double liverDice,
    double tumourDice,
    double seconds,
    double patchesPerSecond,
    boolean improved) {

  /** Checks the counters. */
  public EpochReport {
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch must be >= 1, got " + epoch);
    }
    if (iterations < 0) {
      throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
    }
  }
}
