package org.liverseg.transforms.spatial;

import org.liverseg.io.Affine;
import org.liverseg.io.Image;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;

/**
 * Permutes and flips voxel axes without interpolation: output axis {@code a} runs along input axis
 * {@code perm[a]}, reversed when {@code flip[a]}. Used by flips and {@link ToCanonical}.
 */
final class Reorder {

  private Reorder() {}

  /** The output shape for a permutation. */
  static Shape shape(Shape in, int[] perm) {
    return Shape.of(in.get(perm[0]), in.get(perm[1]), in.get(perm[2]));
  }

  /**
   * The affine that keeps every voxel's world position: output index {@code o} is input index
   * {@code in[perm[a]] = flip[a] ? n - 1 - o[a] : o[a]}.
   */
  static Affine affine(Affine in, Shape inShape, int[] perm, boolean[] flip) {
    double[][] p = new double[4][4];
    p[3][3] = 1;
    for (int a = 0; a < 3; a++) {
      int v = perm[a];
      if (flip[a]) {
        p[v][a] = -1;
        p[v][3] = inShape.get(v) - 1;
      } else {
        p[v][a] = 1;
      }
    }
    return in.multiply(Affine.of(p));
  }

  /** Reorders the voxels of one image and gives it {@code newAffine}. */
  static Image apply(Image image, int[] perm, boolean[] flip, Affine newAffine) {
    Shape in = image.shape();
    Shape out = shape(in, perm);
    int channels = image.channels();
    int[] inStride = {1, in.x(), in.x() * in.y()};
    int[] stride = new int[3];
    int[] start = new int[3];
    for (int a = 0; a < 3; a++) {
      int v = perm[a];
      stride[a] = flip[a] ? -inStride[v] : inStride[v];
      start[a] = flip[a] ? (in.get(v) - 1) * inStride[v] : 0;
    }
    int base = start[0] + start[1] + start[2];
    ImageGeometry g = new ImageGeometry(out, channels, newAffine);
    int volume = in.voxelsAsInt();
    if (image instanceof ScalarImage s) {
      float[] src = s.voxels();
      float[] dst = new float[src.length];
      Window.forEachSlab(
          out.z() * channels,
          dst.length,
          slab -> {
            int c = slab / out.z();
            int z = slab % out.z();
            for (int y = 0; y < out.y(); y++) {
              int r = c * volume + base + y * stride[1] + z * stride[2];
              int d = out.x() * (y + out.y() * (z + out.z() * c));
              int sx = stride[0];
              for (int x = 0; x < out.x(); x++) {
                dst[d + x] = src[r + x * sx];
              }
            }
          });
      return ScalarImage.of(g, dst);
    }
    byte[] src = ((LabelMap) image).labels();
    byte[] dst = new byte[src.length];
    Window.forEachSlab(
        out.z() * channels,
        dst.length,
        slab -> {
          int c = slab / out.z();
          int z = slab % out.z();
          for (int y = 0; y < out.y(); y++) {
            int r = c * volume + base + y * stride[1] + z * stride[2];
            int d = out.x() * (y + out.y() * (z + out.z() * c));
            int sx = stride[0];
            for (int x = 0; x < out.x(); x++) {
              dst[d + x] = src[r + x * sx];
            }
          }
        });
    return LabelMap.of(g, dst);
  }
}
