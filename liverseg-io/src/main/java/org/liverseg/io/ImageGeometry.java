package org.liverseg.io;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * Everything about an image except its voxel values: spatial shape, channel count and the
 * voxel-to-world affine. Reading a file's header yields one without touching the voxel data.
 *
 * @param shape spatial shape
 * @param channels number of channels, at least 1
 * @param affine voxel-to-world (RAS+) affine
 */
public record ImageGeometry(Shape shape, int channels, Affine affine) {

  /** Checks the components. */
  public ImageGeometry {
    requireNonNull(shape, "shape");
    requireNonNull(affine, "affine");
    checkArgument(channels > 0, "channels must be positive, got %s", channels);
    long n = shape.voxels() * channels;
    checkArgument(
        n <= Integer.MAX_VALUE - 8,
        "image of %s voxels x %s channels is too large for one Java array",
        shape,
        channels);
  }

  /** Total number of values, {@code channels * x * y * z}. */
  public int values() {
    return (int) (shape.voxels() * channels);
  }
}
