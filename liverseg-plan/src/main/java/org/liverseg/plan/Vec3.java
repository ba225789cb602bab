package org.liverseg.plan;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Locale;

/**
 * Three finite numbers, one per spatial axis: a spacing in millimetres or a (median) shape in
 * voxels. In a fingerprint or plan the axes are the canonical RAS axes (see {@link Canonical}); in
 * JSON a {@code Vec3} is written as {@code [x, y, z]}.
 *
 * @param x the value along the first axis (R in canonical order)
 * @param y the value along the second axis (A)
 * @param z the value along the third axis (S)
 */
public record Vec3(double x, double y, double z) {

  /** Checks that every value is finite. */
  public Vec3 {
    checkArgument(
        Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(z),
        "values must be finite, got (%s, %s, %s)",
        x,
        y,
        z);
  }

  /** A vector from exactly three values. */
  public static Vec3 of(double... xyz) {
    checkArgument(xyz.length == 3, "need 3 values, got %s", xyz.length);
    return new Vec3(xyz[0], xyz[1], xyz[2]);
  }

  /** The value along axis 0 (x), 1 (y) or 2 (z). */
  public double get(int axis) {
    return switch (axis) {
      case 0 -> x;
      case 1 -> y;
      case 2 -> z;
      default -> throw new IllegalArgumentException("axis must be 0, 1 or 2, got " + axis);
    };
  }

  /** The values as a new array {@code {x, y, z}}. */
  public double[] toArray() {
    return new double[] {x, y, z};
  }

  /** The largest value. */
  public double max() {
    return Math.max(x, Math.max(y, z));
  }

  /** The smallest value. */
  public double min() {
    return Math.min(x, Math.min(y, z));
  }

  /** Whether every value is positive. */
  public boolean isPositive() {
    return x > 0 && y > 0 && z > 0;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "(%.4g, %.4g, %.4g)", x, y, z);
  }
}
