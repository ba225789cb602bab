package org.liverseg.plan;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Statistics of the foreground (label &gt; 0) intensities over all training cases.
 *
 * <p>{@code voxels}, {@code mean}, {@code std}, {@code min} and {@code max} are exact: computed
 * from every foreground voxel of every case (the standard deviation is the population one, divisor
 * N, as numpy's {@code np.std}; per-case sums are combined in case order with Chan's formula, so
 * the result does not depend on the number of threads). The percentiles come from the pooled
 * foreground sample (see {@link FingerprintExtractor}), as nnU-Net computes them; {@code samples}
 * is the size of that pool.
 *
 * @param voxels foreground voxels over all cases
 * @param mean mean foreground intensity
 * @param std population standard deviation of the foreground intensities
 * @param min smallest foreground intensity
 * @param max largest foreground intensity
 * @param samples size of the pooled sample the percentiles come from
 * @param percentile00_5 the 0.5th percentile of the pooled sample
 * @param median the 50th percentile of the pooled sample
 * @param percentile99_5 the 99.5th percentile of the pooled sample
 */
public record IntensityStatistics(
    long voxels,
    double mean,
    double std,
    double min,
    double max,
    int samples,
    double percentile00_5,
    double median,
    double percentile99_5) {

  /** Checks that the numbers are finite and consistent. */
  public IntensityStatistics {
    checkArgument(
        voxels > 0 && samples > 0, "no foreground voxels (%s, %s samples)", voxels, samples);
    for (double v : new double[] {mean, std, min, max, percentile00_5, median, percentile99_5}) {
      checkArgument(Double.isFinite(v), "foreground statistics must be finite, got %s", v);
    }
    checkArgument(std >= 0, "standard deviation must be >= 0, got %s", std);
    checkArgument(
        min <= percentile00_5
            && percentile00_5 <= median
            && median <= percentile99_5
            && percentile99_5 <= max,
        "foreground statistics out of order: min %s, 0.5%% %s, median %s, 99.5%% %s, max %s",
        min,
        percentile00_5,
        median,
        percentile99_5,
        max);
  }
}
