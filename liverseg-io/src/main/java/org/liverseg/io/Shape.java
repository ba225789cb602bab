package org.liverseg.io;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The spatial extent of an image in voxels along {@code x} (i), {@code y} (j) and {@code z} (k).
 *
 * <p>liverseg stores voxels with <b>x fastest</b>, exactly as NIfTI stores them on disk: the voxel
 * {@code (c, x, y, z)} of an image with {@code C} channels lives at linear index {@code x + X*(y +
 * Y*(z + Z*c))}. The same order maps a patch onto an ND4J {@code [batch, channel, D=z, H=y, W=x]}
 * c-order array by a straight copy. This is the only memory layout used anywhere in liverseg.
 *
 * @param x voxels along the first axis (i), at least 1
 * @param y voxels along the second axis (j), at least 1
 * @param z voxels along the third axis (k), at least 1
 */
public record Shape(int x, int y, int z) {

  /** Checks that every extent is positive. */
  public Shape {
    checkArgument(x > 0 && y > 0 && z > 0, "shape extents must be positive, got %sx%sx%s", x, y, z);
  }

  /** Creates a shape from three extents. */
  public static Shape of(int x, int y, int z) {
    return new Shape(x, y, z);
  }

  /** Creates a shape from an array of exactly three extents. */
  public static Shape of(int[] xyz) {
    checkArgument(xyz.length == 3, "a spatial shape needs 3 extents, got %s", xyz.length);
    return new Shape(xyz[0], xyz[1], xyz[2]);
  }

  /** A cube of side {@code n}. */
  public static Shape cube(int n) {
    return new Shape(n, n, n);
  }

  /** The extent along axis 0 (x), 1 (y) or 2 (z). */
  public int get(int axis) {
    return switch (axis) {
      case 0 -> x;
      case 1 -> y;
      case 2 -> z;
      default -> throw new IllegalArgumentException("axis must be 0, 1 or 2, got " + axis);
    };
  }

  /** The number of voxels, {@code x*y*z}. */
  public long voxels() {
    return (long) x * y * z;
  }

  /**
   * The number of voxels as an {@code int}, for array sizing.
   *
   * @throws IllegalStateException if the shape holds more than {@code Integer.MAX_VALUE - 8} voxels
   */
  public int voxelsAsInt() {
    long n = voxels();
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(
          "shape " + this + " holds " + n + " voxels, more than a Java array can");
    }
    return (int) n;
  }

  /** Linear index of {@code (x, y, z)} in channel 0 (x fastest). */
  public int index(int i, int j, int k) {
    return i + x * (j + y * k);
  }

  /** This shape with one axis replaced. */
  public Shape with(int axis, int extent) {
    int[] a = toArray();
    a[axis] = extent;
    return of(a);
  }

  /** The extents as a new array {@code {x, y, z}}. */
  public int[] toArray() {
    return new int[] {x, y, z};
  }

  /** Whether the shape fits inside {@code other} on every axis. */
  public boolean fitsIn(Shape other) {
    return x <= other.x && y <= other.y && z <= other.z;
  }

  @Override
  public String toString() {
    return x + "x" + y + "x" + z;
  }
}
