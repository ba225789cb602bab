package org.liverseg.models.training;

/**
 * What a checkpoint stores besides weights and updater state, so training can resume exactly where
 * it stopped.
 *
 * <p>There is no hidden random state to save: the network has no stochastic layers, and the patch
 * stream is a pure function of the queue's seed and the epoch number (the queue derives every draw
 * from (seed, epoch, subject)), so resuming at epoch {@code epochsDone} replays the same patches an
 * uninterrupted run would see.
 *
 * @param epochsDone completed epochs
 * @param iterations completed training iterations (batches)
 * @param bestScore best validation score so far (mean of the liver and tumour region Dice), NaN if
 *     none yet
 * @param bestEpoch epoch (1-based) of the best score, 0 if none
 * @param validationsWithoutImprovement validations since the best one (for early stopping)
 */
public record TrainerState(
    int epochsDone,
    long iterations,
    double bestScore,
    int bestEpoch,
    int validationsWithoutImprovement) {

  /** Entry name inside a checkpoint zip. */
  public static final String ENTRY = "liverseg-trainer-state.json";

  /** The state before the first epoch. */
  public static TrainerState initial() {
    return new TrainerState(0, 0, Double.NaN, 0, 0);
  }
}
