package org.liverseg.models.metrics;

import java.util.Arrays;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;

/**
 * The class-weighted cross-entropy of predicted probabilities against ground-truth labels, per
 * voxel: the same quantity as the training loss per voxel that {@link
 * org.liverseg.models.training.SegmentationTrainer} reports (DL4J's weighted {@code MCXENT} summed
 * over the voxels of a patch, divided by its voxels), so that validation and training losses can be
 * compared.
 */
public final class CrossEntropy {

  /**
   * Probabilities below this count as this, so that a confident wrong voxel costs about 23, not
   * infinity.
   */
  public static final float MIN_PROBABILITY = 1e-10f;

  private CrossEntropy() {}

  /**
   * {@code mean over voxels of -w[y] log p[y]}, with {@code y} the true label of the voxel.
   *
   * @param probabilities class probabilities, one channel per class, on the grid of {@code truth}
   * @param truth ground-truth labels
   * @param weights one weight per class (all 1 for the unweighted loss)
   * @throws IllegalArgumentException if the shapes differ, if there is not one weight per
   *     probability channel, or if a label has no channel
   */
  public static double weightedPerVoxel(
      ScalarImage probabilities, LabelMap truth, double[] weights) {
    if (!probabilities.shape().equals(truth.shape())) {
      throw new IllegalArgumentException(
          "probabilities "
              + probabilities.shape()
              + " and labels "
              + truth.shape()
              + " differ in shape");
    }
    int classes = probabilities.channels();
    if (weights.length != classes) {
      throw new IllegalArgumentException(
          weights.length
              + " class weights for "
              + classes
              + " probability channels: give one weight per class");
    }
    int n = truth.shape().voxelsAsInt();
    float[] p = probabilities.voxels();
    byte[] y = truth.labels();
    double sum = 0;
    for (int i = 0; i < n; i++) {
      int c = y[i] & 0xFF;
      if (c >= classes) {
        throw new IllegalArgumentException(
            "voxel "
                + i
                + " has label "
                + c
                + ", outside the "
                + classes
                + " classes of the probabilities");
      }
      sum -= weights[c] * Math.log(Math.max(p[c * n + i], MIN_PROBABILITY));
    }
    return sum / n;
  }

  /**
   * A copy of {@code weights} after checking that every class weight is finite and {@code >= 0}.
   *
   * @throws IllegalArgumentException listing the weights if one is negative, NaN or infinite
   */
  public static double[] checkedWeights(double... weights) {
    for (double w : weights) {
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException(
            "class weights must be finite and >= 0, got " + Arrays.toString(weights));
      }
    }
    return weights.clone();
  }
}
