package org.liverseg.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file an image can be read from, on demand: lazily loaded images keep one and call it the first
 * time their geometry or voxels are needed. The NIfTI codec provides the implementation for {@code
 * .nii}, {@code .nii.gz} and {@code .hdr/.img} files.
 */
public interface ImageSource {

  /** The file this source reads (for messages and for {@link Image#path()}). */
  Path path();

  /** Reads only the header: shape, channels and affine. */
  ImageGeometry readGeometry() throws IOException;

  /**
   * Reads the voxel values, scaled as the file says, in liverseg's layout (x fastest, then y, z,
   * channel); the length equals {@code readGeometry().values()}.
   */
  float[] readFloats() throws IOException;

  /**
   * Reads the voxel values as labels 0..255 in liverseg's layout.
   *
   * @throws IOException if the file cannot be read, or holds a value that is not an integer in
   *     0..255 (the message names the file, the value and its position)
   */
  default byte[] readLabels() throws IOException {
    float[] values = readFloats();
    try {
      return LabelMap.toLabels(values, path().toString());
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }
}
