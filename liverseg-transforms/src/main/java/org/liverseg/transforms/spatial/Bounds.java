package org.liverseg.transforms.spatial;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.Arrays;

/**
 * Non-negative amounts of voxels at the low ("ini") and high ("fin") side of each axis, in
 * TorchIO's order {@code (x_ini, x_fin, y_ini, y_fin, z_ini, z_fin)}: what {@link Pad} adds or
 * {@link Crop} removes.
 *
 * @param xIni voxels at the low-index side of x
 * @param xFin voxels at the high-index side of x
 * @param yIni voxels at the low-index side of y
 * @param yFin voxels at the high-index side of y
 * @param zIni voxels at the low-index side of z
 * @param zFin voxels at the high-index side of z
 */
public record Bounds(int xIni, int xFin, int yIni, int yFin, int zIni, int zFin) {

  /** No voxels anywhere. */
  public static final Bounds NONE = new Bounds(0, 0, 0, 0, 0, 0);

  /** Checks that every amount is non-negative. */
  public Bounds {
    checkArgument(
        xIni >= 0 && xFin >= 0 && yIni >= 0 && yFin >= 0 && zIni >= 0 && zFin >= 0,
        "bounds must be non-negative, got (%s, %s, %s, %s, %s, %s)",
        xIni,
        xFin,
        yIni,
        yFin,
        zIni,
        zFin);
  }

  /**
   * Bounds as TorchIO parses them: one value {@code n} (every side), three values {@code (x, y, z)}
   * (both sides of each axis) or six values {@code (x_ini, x_fin, y_ini, y_fin, z_ini, z_fin)}.
   */
  public static Bounds of(int... values) {
    return switch (values.length) {
      case 1 -> new Bounds(values[0], values[0], values[0], values[0], values[0], values[0]);
      case 3 -> new Bounds(values[0], values[0], values[1], values[1], values[2], values[2]);
      case 6 -> new Bounds(values[0], values[1], values[2], values[3], values[4], values[5]);
      default ->
          throw new IllegalArgumentException(
              "bounds need 1, 3 or 6 values, got "
                  + values.length
                  + ": "
                  + Arrays.toString(values));
    };
  }

  /**
   * Splits {@code n} voxels per axis as TorchIO does: {@code ceil(n/2)} at ini, {@code floor(n/2)}
   * at fin.
   */
  public static Bounds split(int x, int y, int z) {
    return new Bounds(x - x / 2, x / 2, y - y / 2, y / 2, z - z / 2, z / 2);
  }

  /** The low-side amount of axis 0, 1 or 2. */
  public int ini(int axis) {
    return switch (axis) {
      case 0 -> xIni;
      case 1 -> yIni;
      case 2 -> zIni;
      default -> throw new IllegalArgumentException("axis must be 0, 1 or 2, got " + axis);
    };
  }

  /** The high-side amount of axis 0, 1 or 2. */
  public int fin(int axis) {
    return switch (axis) {
      case 0 -> xFin;
      case 1 -> yFin;
      case 2 -> zFin;
      default -> throw new IllegalArgumentException("axis must be 0, 1 or 2, got " + axis);
    };
  }

  /** Whether every amount is 0. */
  public boolean isZero() {
    return equals(NONE);
  }

  /** The six values in TorchIO's order. */
  public int[] toArray() {
    return new int[] {xIni, xFin, yIni, yFin, zIni, zFin};
  }

  /** The six values as an immutable list (for history records). */
  public ImmutableList<Integer> toList() {
    return ImmutableList.of(xIni, xFin, yIni, yFin, zIni, zFin);
  }

  @Override
  public String toString() {
    return Arrays.toString(toArray());
  }
}
