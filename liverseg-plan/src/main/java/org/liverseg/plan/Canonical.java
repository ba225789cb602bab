package org.liverseg.plan;

import static com.google.common.base.Preconditions.checkArgument;

import org.liverseg.io.Shape;

/**
 * The canonical axis order of fingerprints and plans: the closest RAS+ orientation, as {@link
 * org.liverseg.transforms.spatial.ToCanonical} produces it. Canonical axis 0 is the voxel axis
 * whose orientation letter is R or L, axis 1 the one with A or P, axis 2 the one with S or I; the
 * letters come from {@link org.liverseg.io.Affine#orientation()} (nibabel's {@code aff2axcodes}).
 * So an LPS scan stored as 512x512x100 at (0.7, 0.7, 2.5) mm is 512x512x100 at (0.7, 0.7, 2.5) in
 * canonical order, and a scan stored slice-first (code "SRA") has its first stored axis moved to
 * canonical axis 2. Flips do not change shapes or spacings, only permutations do.
 */
public final class Canonical {

  private Canonical() {}

  /**
   * For each canonical axis (R, A, S) the voxel axis that points along it.
   *
   * @throws IllegalArgumentException if the code is not a permutation of one letter from each of
   *     R/L, A/P and S/I (e.g. "?" from a singular affine)
   */
  public static int[] voxelAxes(String orientation) {
    checkArgument(
        orientation != null && orientation.length() == 3,
        "orientation code must have 3 letters, got %s",
        orientation);
    int[] axes = {-1, -1, -1};
    for (int v = 0; v < 3; v++) {
      int w = "RLAPSI".indexOf(orientation.charAt(v)) / 2;
      checkArgument(
          w >= 0 && axes[w] < 0,
          "orientation code %s does not name one direction per axis (singular or degenerate"
              + " affine)",
          orientation);
      axes[w] = v;
    }
    return axes;
  }

  /** The shape in canonical axis order. */
  public static Shape shape(Shape shape, String orientation) {
    int[] v = voxelAxes(orientation);
    return Shape.of(shape.get(v[0]), shape.get(v[1]), shape.get(v[2]));
  }

  /** The spacing in canonical axis order. */
  public static Vec3 spacing(Vec3 spacing, String orientation) {
    int[] v = voxelAxes(orientation);
    return new Vec3(spacing.get(v[0]), spacing.get(v[1]), spacing.get(v[2]));
  }
}
