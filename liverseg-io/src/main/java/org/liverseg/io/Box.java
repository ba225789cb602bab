package org.liverseg.io;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Comparator;
import java.util.Optional;

/**
 * A non-empty box of voxels in a grid: start {@code (x0, y0, z0)} inclusive and end {@code (x1, y1,
 * z1)} exclusive, with x along the first axis (i), y the second (j), z the third (k). liverseg's
 * one box type: where a patch lies (TorchIO's {@code location}), the region of valid patch centres,
 * a mask's bounding box, what is copied between two voxel arrays.
 *
 * <p>Boxes order lexicographically by {@code (x0, y0, z0, x1, y1, z1)}, which is the order of a
 * grid sampler's locations (TorchIO sorts its locations the same way). Margins per side (how much
 * to pad or crop) are not boxes: see the transforms' {@code Bounds}.
 *
 * @param x0 first x index, at least 0
 * @param y0 first y index, at least 0
 * @param z0 first z index, at least 0
 * @param x1 x end (exclusive), greater than {@code x0}
 * @param y1 y end (exclusive), greater than {@code y0}
 * @param z1 z end (exclusive), greater than {@code z0}
 */
public record Box(int x0, int y0, int z0, int x1, int y1, int z1) implements Comparable<Box> {

  private static final Comparator<Box> ORDER =
      Comparator.comparingInt(Box::x0)
          .thenComparingInt(Box::y0)
          .thenComparingInt(Box::z0)
          .thenComparingInt(Box::x1)
          .thenComparingInt(Box::y1)
          .thenComparingInt(Box::z1);

  /** Checks that the start is non-negative and every end lies after its start. */
  public Box {
    checkArgument(
        x0 >= 0 && y0 >= 0 && z0 >= 0,
        "box start must be non-negative, got (%s, %s, %s)",
        x0,
        y0,
        z0);
    checkArgument(
        x1 > x0 && y1 > y0 && z1 > z0,
        "box end (%s, %s, %s) must exceed its start (%s, %s, %s) on every axis",
        x1,
        y1,
        z1,
        x0,
        y0,
        z0);
  }

  /** The box of {@code size} starting at {@code (x0, y0, z0)}. */
  public static Box of(int x0, int y0, int z0, Shape size) {
    return new Box(x0, y0, z0, x0 + size.x(), y0 + size.y(), z0 + size.z());
  }

  /** The box of {@code size} starting at {@code start = {x0, y0, z0}}. */
  public static Box of(int[] start, Shape size) {
    checkArgument(start.length == 3, "a box start needs 3 indices, got %s", start.length);
    return of(start[0], start[1], start[2], size);
  }

  /** The whole grid of {@code shape}: from {@code (0, 0, 0)} to the shape. */
  public static Box of(Shape shape) {
    return of(0, 0, 0, shape);
  }

  /** The extent along x, y and z. */
  public Shape size() {
    return new Shape(x1 - x0, y1 - y0, z1 - z0);
  }

  /** The number of voxels in the box. */
  public long voxels() {
    return (long) (x1 - x0) * (y1 - y0) * (z1 - z0);
  }

  /** The start index along axis 0 (x), 1 (y) or 2 (z). */
  public int start(int axis) {
    return switch (axis) {
      case 0 -> x0;
      case 1 -> y0;
      case 2 -> z0;
      default -> throw new IllegalArgumentException("axis must be 0, 1 or 2, got " + axis);
    };
  }

  /** The (exclusive) end index along axis 0 (x), 1 (y) or 2 (z). */
  public int end(int axis) {
    return switch (axis) {
      case 0 -> x1;
      case 1 -> y1;
      case 2 -> z1;
      default -> throw new IllegalArgumentException("axis must be 0, 1 or 2, got " + axis);
    };
  }

  /** Whether the box lies entirely inside a grid of {@code shape}. */
  public boolean fitsIn(Shape shape) {
    return x1 <= shape.x() && y1 <= shape.y() && z1 <= shape.z();
  }

  /** Whether voxel {@code (x, y, z)} lies inside the box. */
  public boolean contains(int x, int y, int z) {
    return x >= x0 && x < x1 && y >= y0 && y < y1 && z >= z0 && z < z1;
  }

  /** Whether {@code other} lies entirely inside this box. */
  public boolean contains(Box other) {
    return other.x0 >= x0
        && other.y0 >= y0
        && other.z0 >= z0
        && other.x1 <= x1
        && other.y1 <= y1
        && other.z1 <= z1;
  }

  /** The voxels both boxes hold, or empty if they share none. */
  public Optional<Box> intersect(Box other) {
    int ax = Math.max(x0, other.x0);
    int ay = Math.max(y0, other.y0);
    int az = Math.max(z0, other.z0);
    int bx = Math.min(x1, other.x1);
    int by = Math.min(y1, other.y1);
    int bz = Math.min(z1, other.z1);
    return bx > ax && by > ay && bz > az
        ? Optional.of(new Box(ax, ay, az, bx, by, bz))
        : Optional.empty();
  }

  /**
   * This box moved by {@code (dx, dy, dz)}.
   *
   * @throws IllegalArgumentException if the start would become negative
   */
  public Box shiftedBy(int dx, int dy, int dz) {
    return new Box(x0 + dx, y0 + dy, z0 + dz, x1 + dx, y1 + dy, z1 + dz);
  }

  /** The six indices {@code {x0, y0, z0, x1, y1, z1}} (TorchIO's location array). */
  public int[] toArray() {
    return new int[] {x0, y0, z0, x1, y1, z1};
  }

  @Override
  public int compareTo(Box other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return "(" + x0 + ", " + y0 + ", " + z0 + ", " + x1 + ", " + y1 + ", " + z1 + ")";
  }
}
