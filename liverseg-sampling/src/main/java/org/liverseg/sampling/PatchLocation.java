package org.liverseg.sampling;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Comparator;
import org.liverseg.io.Shape;

/**
 * Where a patch lies in a subject's voxel grid: start {@code (i0, j0, k0)} inclusive and end {@code
 * (i1, j1, k1)} exclusive, with {@code i} along x, {@code j} along y and {@code k} along z
 * (TorchIO's {@code location}). Locations order lexicographically by {@code (i0, j0, k0, i1, j1,
 * k1)}, the order of {@link GridSampler#locations()}.
 *
 * @param i0 first x index, at least 0
 * @param j0 first y index, at least 0
 * @param k0 first z index, at least 0
 * @param i1 x end (exclusive), greater than {@code i0}
 * @param j1 y end (exclusive), greater than {@code j0}
 * @param k1 z end (exclusive), greater than {@code k0}
 */
public record PatchLocation(int i0, int j0, int k0, int i1, int j1, int k1)
    implements Comparable<PatchLocation> {

  private static final Comparator<PatchLocation> ORDER =
      Comparator.comparingInt(PatchLocation::i0)
          .thenComparingInt(PatchLocation::j0)
          .thenComparingInt(PatchLocation::k0)
          .thenComparingInt(PatchLocation::i1)
          .thenComparingInt(PatchLocation::j1)
          .thenComparingInt(PatchLocation::k1);

  /** Checks that the start is non-negative and every end lies after its start. */
  public PatchLocation {
    checkArgument(
        i0 >= 0 && j0 >= 0 && k0 >= 0,
        "patch start must be non-negative, got (%s, %s, %s)",
        i0,
        j0,
        k0);
    checkArgument(
        i1 > i0 && j1 > j0 && k1 > k0,
        "patch end (%s, %s, %s) must exceed its start (%s, %s, %s) on every axis",
        i1,
        j1,
        k1,
        i0,
        j0,
        k0);
  }

  /** The location of a patch of {@code size} starting at {@code (i0, j0, k0)}. */
  public static PatchLocation of(int i0, int j0, int k0, Shape size) {
    return new PatchLocation(i0, j0, k0, i0 + size.x(), j0 + size.y(), k0 + size.z());
  }

  /** The location of a patch of {@code size} starting at {@code start = {i0, j0, k0}}. */
  public static PatchLocation of(int[] start, Shape size) {
    checkArgument(start.length == 3, "a patch start needs 3 indices, got %s", start.length);
    return of(start[0], start[1], start[2], size);
  }

  /** The patch's extent along x, y and z. */
  public Shape size() {
    return new Shape(i1 - i0, j1 - j0, k1 - k0);
  }

  /** Number of voxels in the patch. */
  public long voxels() {
    return (long) (i1 - i0) * (j1 - j0) * (k1 - k0);
  }

  /** The start index along axis 0 (x), 1 (y) or 2 (z). */
  public int start(int axis) {
    return switch (axis) {
      case 0 -> i0;
      case 1 -> j0;
      case 2 -> k0;
      default -> throw new IllegalArgumentException("axis must be 0, 1 or 2, got " + axis);
    };
  }

  /** The (exclusive) end index along axis 0 (x), 1 (y) or 2 (z). */
  public int end(int axis) {
    return switch (axis) {
      case 0 -> i1;
      case 1 -> j1;
      case 2 -> k1;
      default -> throw new IllegalArgumentException("axis must be 0, 1 or 2, got " + axis);
    };
  }

  /** Whether the patch lies entirely inside a volume of {@code shape}. */
  public boolean fitsIn(Shape shape) {
    return i1 <= shape.x() && j1 <= shape.y() && k1 <= shape.z();
  }

  /** Whether voxel {@code (i, j, k)} lies inside the patch. */
  public boolean contains(int i, int j, int k) {
    return i >= i0 && i < i1 && j >= j0 && j < j1 && k >= k0 && k < k1;
  }

  /** The six indices {@code {i0, j0, k0, i1, j1, k1}} (TorchIO's location array). */
  public int[] toArray() {
    return new int[] {i0, j0, k0, i1, j1, k1};
  }

  @Override
  public int compareTo(PatchLocation other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return "(" + i0 + ", " + j0 + ", " + k0 + ", " + i1 + ", " + j1 + ", " + k1 + ")";
  }
}
