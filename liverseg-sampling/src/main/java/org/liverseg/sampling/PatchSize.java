package org.liverseg.sampling;

import static com.google.common.base.Preconditions.checkArgument;

import org.liverseg.io.Box;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;

/**
 * Rules shared by the samplers: that a patch fits in a subject (with TorchIO-like messages), and
 * TorchIO's region of valid patch centres (see docs/ARCHITECTURE.md): for a patch of size {@code P}
 * in a volume of size {@code S}, per axis {@code [P//2, S - (P-1)//2)}; the patch of centre {@code
 * c} is {@code [c - P//2, c - P//2 + P)} (for even {@code P} the centre is the voxel just after the
 * middle).
 */
final class PatchSize {

  private static final String AXES = "xyz";

  private PatchSize() {}

  /**
   * Throws if {@code patch} is larger than the subject on any axis.
   *
   * @throws IllegalArgumentException naming the subject, both sizes and the first axis that fails
   */
  static void checkFits(Subject subject, Shape patch) {
    Shape volume = subject.shape();
    for (int a = 0; a < 3; a++) {
      checkArgument(
          patch.get(a) <= volume.get(a),
          "patch size %s is larger than the spatial shape %s of subject %s (along %s: %s > %s)",
          patch,
          volume,
          subject.id(),
          AXES.charAt(a),
          patch.get(a),
          volume.get(a));
    }
  }

  /**
   * The voxels that can be the centre of a patch of {@code patch} in {@code volume}; requires the
   * patch to fit (then the region is not empty).
   */
  static Box validCentres(Shape volume, Shape patch) {
    return new Box(
        patch.x() / 2,
        patch.y() / 2,
        patch.z() / 2,
        volume.x() - (patch.x() - 1) / 2,
        volume.y() - (patch.y() - 1) / 2,
        volume.z() - (patch.z() - 1) / 2);
  }

  /**
   * The patch of size {@code patch} whose centre is the voxel at linear {@code index} of volume.
   */
  static Box around(int index, Shape volume, Shape patch) {
    int x = index % volume.x();
    int rest = index / volume.x();
    int y = rest % volume.y();
    int z = rest / volume.y();
    return Box.of(x - patch.x() / 2, y - patch.y() / 2, z - patch.z() / 2, patch);
  }
}
