package org.liverseg.sampling;

import org.liverseg.io.Shape;

/**
 * The voxels that can be the centre of a patch of size {@code P} in a volume of size {@code S}
 * (DESIGN 6.4, TorchIO's rule): per axis {@code [P//2, S - (P-1)//2)}, and the patch of centre
 * {@code c} is {@code [c - P//2, c - P//2 + P)} (for even {@code P} the centre is the voxel just
 * after the middle). Requires {@code P <= S} on every axis (then the region is not empty).
 */
record ValidRegion(Shape volume, Shape patch, int x0, int y0, int z0, int x1, int y1, int z1) {

  /** The valid centre region for {@code patch} in {@code volume}. */
  static ValidRegion of(Shape volume, Shape patch) {
    return new ValidRegion(
        volume,
        patch,
        patch.x() / 2,
        patch.y() / 2,
        patch.z() / 2,
        volume.x() - (patch.x() - 1) / 2,
        volume.y() - (patch.y() - 1) / 2,
        volume.z() - (patch.z() - 1) / 2);
  }

  /** Whether voxel {@code (x, y, z)} is a valid centre. */
  boolean contains(int x, int y, int z) {
    return x >= x0 && x < x1 && y >= y0 && y < y1 && z >= z0 && z < z1;
  }

  /** The patch whose centre is the voxel at linear index {@code index} of the volume. */
  PatchLocation patchAround(int index) {
    int x = index % volume.x();
    int rest = index / volume.x();
    int y = rest % volume.y();
    int z = rest / volume.y();
    return PatchLocation.of(x - patch.x() / 2, y - patch.y() / 2, z - patch.z() / 2, patch);
  }
}
