package org.liverseg.examples.pipeline;

/**
 * What one training epoch measured: one row of {@code metrics.csv}. Validation values are NaN in
 * epochs without validation.
 *
 * @param epoch epoch number, from 1
 * @param iterations optimisation steps done so far (all epochs)
 * @param trainLoss mean training loss of the epoch
 * @param validationLoss mean loss over validation volumes, or NaN
 * @param validationDiceLiver mean liver Dice over validation volumes, or NaN
 * @param validationDiceTumour mean tumour Dice over validation volumes, or NaN
 * @param seconds wall time of the epoch, validation included
 * @param patchesPerSecond training patches consumed per second
 */
public record EpochMetrics(int epoch, long iterations, double trainLoss, double validationLoss,
    double validationDiceLiver, double validationDiceTumour, double seconds, double patchesPerSecond) {

  /** Whether this epoch ran a validation. */
  public boolean validated() {
    return !Double.isNaN(validationDiceLiver) || !Double.isNaN(validationLoss);
  }
}
