package org.liverseg.io;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * A 3D image with one or more channels and a voxel-to-world affine: either a {@link ScalarImage}
 * (float intensities, e.g. CT in Hounsfield units) or a {@link LabelMap} (small integer labels,
 * e.g. 0 background, 1 liver, 2 tumour). Spatial transforms treat the two differently (labels are
 * never interpolated); intensity transforms touch scalar images only.
 *
 * <p>Images are immutable. Voxels are laid out channels x X x Y x Z with x fastest (see {@link
 * Shape}). An image created from a file with {@code lazy(...)} reads nothing until its geometry or
 * voxels are first needed, and reads each only once.
 */
public sealed interface Image permits ScalarImage, LabelMap {

  /** Shape, channel count and affine (reads only the header of a lazy image). */
  ImageGeometry geometry();

  /** Spatial shape. */
  default Shape shape() {
    return geometry().shape();
  }

  /** Number of channels. */
  default int channels() {
    return geometry().channels();
  }

  /** Voxel-to-world affine. */
  default Affine affine() {
    return geometry().affine();
  }

  /** Voxel spacing in millimetres (lengths of the affine's columns). */
  default double[] spacing() {
    return affine().spacing();
  }

  /** World position of voxel (0, 0, 0). */
  default double[] origin() {
    return affine().origin();
  }

  /** Orientation code such as "RAS" or "LPS". */
  default String orientation() {
    return affine().orientation();
  }

  /** The file the image was read from, if any. */
  Optional<Path> path();

  /** Whether the voxel values are in memory. */
  boolean isLoaded();

  /** Reads the voxels now if they are not loaded yet, and returns this image. */
  Image load();

  /**
   * This image if its voxels are in memory; otherwise a copy that reads them, on first use, into a
   * cache of its own, so that loading the copy leaves this image unloaded. A dataset of lazy
   * subjects can then hand out loaded copies without keeping every scan in memory (TorchIO copies a
   * subject before loading it for the same reason). The geometry is shared.
   */
  Image lazyCopy();

  /** The value of channel {@code c} at voxel {@code (x, y, z)} as a float. */
  float valueAt(int c, int x, int y, int z);

  /** The same voxels with another affine. */
  Image withAffine(Affine affine);

  /** A short description: kind, shape, channels, spacing and orientation. */
  default String describe() {
    double[] s = spacing();
    return String.format(
        Locale.ROOT,
        "%s(shape=%s, channels=%d, spacing=(%.3g, %.3g, %.3g), orientation=%s%s)",
        getClass().getSimpleName(),
        shape(),
        channels(),
        s[0],
        s[1],
        s[2],
        orientation(),
        path().map(p -> ", path=" + p).orElse(""));
  }
}
