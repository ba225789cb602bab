package org.liverseg.transforms;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.primitives.Doubles;
import java.util.random.RandomGenerator;

/**
 * TorchIO's rules for reading the range arguments of random transforms ({@code
 * Transform._parse_range} and {@code Transform.parse_params} in TorchIO 0.20), so that the same
 * numbers mean the same ranges here:
 *
 * <ul>
 *   <li>{@link #range}: one value {@code x} must be non-negative and means {@code (-x, x)}, or
 *       {@code (min, x)} when the argument has a lower bound {@code min} (so a standard deviation
 *       {@code d} means {@code (0, d)}); two values {@code (a, b)} need {@code a <= b} and {@code a
 *       >= min}.
 *   <li>{@link #perAxis}: 1 value {@code x} means {@code (c - x, c + x)} on every axis around a
 *       centre {@code c} ({@code (0, x)} without one), 2 values one range for every axis, 3 values
 *       one {@code x} per axis, 6 values a range per axis; every range is then checked as above.
 * </ul>
 *
 * Values must be finite. Messages name the argument and the offending values.
 */
public final class Ranges {

  private Ranges() {}

  /**
   * One range {@code {lo, hi}} from 1 or 2 values, TorchIO's {@code _parse_range}.
   *
   * @param name the argument's name, for messages
   * @param min the argument's lower bound, or {@code null} if it has none
   */
  public static double[] range(String name, double[] values, Double min) {
    checkArgument(
        values.length == 1 || values.length == 2,
        "%s needs 1 or 2 values, got %s",
        name,
        values.length);
    checkFinite(name, values);
    if (values.length == 1) {
      double x = values[0];
      checkArgument(x >= 0, "%s: a single value must be non-negative, got %s", name, x);
      checkArgument(min == null || x >= min, "%s: a single value must be at least %s", name, min);
      return new double[] {min == null ? -x : min, x};
    }
    return checkPair(name, values[0], values[1], min);
  }

  /**
   * Ranges for the three axes, {@code {lo0, hi0, lo1, hi1, lo2, hi2}}, from 1, 2, 3 or 6 values,
   * TorchIO's {@code parse_params}.
   *
   * @param centre the centre {@code c} single values are taken around, or {@code null} for ranges
   *     {@code (0, x)}
   * @param min the argument's lower bound, or {@code null} if it has none
   */
  public static double[] perAxis(String name, double[] values, Double centre, Double min) {
    checkFinite(name, values);
    double[] r = new double[6];
    switch (values.length) {
      case 1, 3 -> {
        for (int a = 0; a < 3; a++) {
          double x = values[values.length == 1 ? 0 : a];
          r[2 * a] = centre == null ? 0 : centre - x;
          r[2 * a + 1] = centre == null ? x : centre + x;
        }
      }
      case 2 -> {
        for (int a = 0; a < 3; a++) {
          r[2 * a] = values[0];
          r[2 * a + 1] = values[1];
        }
      }
      case 6 -> System.arraycopy(values, 0, r, 0, 6);
      default ->
          throw new IllegalArgumentException(
              name + " needs 1, 2, 3 or 6 values, got " + Doubles.asList(values));
    }
    for (int a = 0; a < 3; a++) {
      checkPair(name + " (axis " + a + ")", r[2 * a], r[2 * a + 1], min);
    }
    return r;
  }

  /**
   * A uniform draw from {@code [lo, hi)}, TorchIO's {@code sample_uniform}; it always takes one
   * {@code nextDouble()}, also for an empty range, so later draws do not shift.
   */
  public static double uniform(RandomGenerator random, double lo, double hi) {
    return lo + (hi - lo) * random.nextDouble();
  }

  /** One uniform draw per axis from the ranges {@link #perAxis} returns, axis 0 first. */
  public static double[] uniformPerAxis(RandomGenerator random, double[] ranges) {
    double[] v = new double[3];
    for (int a = 0; a < 3; a++) {
      v[a] = uniform(random, ranges[2 * a], ranges[2 * a + 1]);
    }
    return v;
  }

  private static double[] checkPair(String name, double lo, double hi, Double min) {
    checkArgument(
        lo <= hi, "%s: the range (%s, %s) must have its first value <= the second", name, lo, hi);
    checkArgument(
        min == null || lo >= min, "%s: the range (%s, %s) must not go below %s", name, lo, hi, min);
    return new double[] {lo, hi};
  }

  private static void checkFinite(String name, double[] values) {
    for (double v : values) {
      checkArgument(Double.isFinite(v), "%s must be finite, got %s", name, Doubles.asList(values));
    }
  }
}
