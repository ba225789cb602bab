package org.liverseg.models.prediction;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;

/**
 * What {@link SegmentationModel#segment} gives for one scan.
 *
 * @param mask the labels, with exactly the scan's shape and affine
 * @param probabilities the class probabilities on the scan's grid (one channel per class), or null
 *     when they were not asked for
 * @param timings where the time went
 * @param spacingWarning a one-line warning when the scan's spacing lies more than 2x outside the
 *     training range on some axis ({@link org.liverseg.plan.Plan#spacingWarning}), else null
 */
public record Segmentation(
    LabelMap mask, ScalarImage probabilities, Timings timings, String spacingWarning) {

  /** Checks that the mask and timings are given. */
  public Segmentation {
    requireNonNull(mask, "mask");
    requireNonNull(timings, "timings");
  }

  /** The class probabilities on the scan's grid, if they were asked for. */
  public Optional<ScalarImage> probabilitiesIfKept() {
    return Optional.ofNullable(probabilities);
  }

  /** The spacing warning, if the scan's spacing is far from the training range. */
  public Optional<String> warning() {
    return Optional.ofNullable(spacingWarning);
  }

  /**
   * Where the time of one scan went, in nanoseconds.
   *
   * @param resampleInNanos checks, reorientation to canonical, resampling to the plan's spacing and
   *     the intensity normalisation
   * @param networkNanos the network's forward passes (every mirrored pass included)
   * @param aggregationNanos the sliding window without the network: padding, patch collation,
   *     mirroring the patches and blending the outputs
   * @param resampleOutNanos the probabilities resampled back onto the scan's grid and reoriented
   * @param postprocessingNanos the label decision and the largest-component step
   * @param patches patches of the sliding window
   */
  public record Timings(
      long resampleInNanos,
      long networkNanos,
      long aggregationNanos,
      long resampleOutNanos,
      long postprocessingNanos,
      int patches) {

    /** The sum of the five steps. */
    public long totalNanos() {
      return resampleInNanos
          + networkNanos
          + aggregationNanos
          + resampleOutNanos
          + postprocessingNanos;
    }

    /** The share of the total spent outside the network's forward passes. */
    public double outsideNetworkFraction() {
      long t = totalNanos();
      return t == 0 ? 0 : 1.0 - (double) networkNanos / t;
    }

    /** The steps in seconds, e.g. {@code "resample in 0.41 s, network 3.20 s, ..."}. */
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "resample in %.2f s, network %.2f s, aggregation %.2f s, resample out %.2f s,"
              + " post-processing %.2f s; total %.2f s, %.1f%% outside the network, %d patches",
          resampleInNanos / 1e9,
          networkNanos / 1e9,
          aggregationNanos / 1e9,
          resampleOutNanos / 1e9,
          postprocessingNanos / 1e9,
          totalNanos() / 1e9,
          100 * outsideNetworkFraction(),
          patches);
    }
  }
}
