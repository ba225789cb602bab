package org.liverseg.plan;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/** Percentiles as numpy's default ({@code method="linear"}), which nnU-Net uses throughout. */
final class Percentiles {

  private Percentiles() {}

  /**
   * The {@code q}-th percentile (0..100) of ascending {@code sorted}: at position {@code h = (n -
   * 1) q / 100}, {@code a[floor h] + (h - floor h) (a[floor h + 1] - a[floor h])}.
   */
  static double ofSorted(double[] sorted, double q) {
    checkArgument(sorted.length > 0, "percentile of no values");
    checkArgument(q >= 0 && q <= 100, "percentile must be in [0, 100], got %s", q);
    double h = (sorted.length - 1) * q / 100;
    int lo = (int) Math.floor(h);
    if (lo >= sorted.length - 1) {
      return sorted[sorted.length - 1];
    }
    return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
  }

  /** The {@code q}-th percentile of {@code values} (not modified). */
  static double of(double[] values, double q) {
    double[] s = values.clone();
    Arrays.sort(s);
    return ofSorted(s, q);
  }

  /** The median: the 50th percentile (the mean of the two middle values for an even count). */
  static double median(double[] values) {
    return of(values, 50);
  }
}
