package org.liverseg.models.prediction;

import org.liverseg.io.Shape;

/** Flips stacks of volumes (x fastest) along chosen axes, for test-time mirroring. */
final class Mirrors {

  private Mirrors() {}

  /**
   * A copy of {@code data} ({@code volumes} volumes of {@code shape}, one after another, x fastest)
   * with every volume reversed along the axes where {@code flip} is true ({@code {x, y, z}}).
   * Flipping twice restores the input.
   */
  static float[] flip(float[] data, int volumes, Shape shape, boolean[] flip) {
    int nx = shape.x();
    int ny = shape.y();
    int nz = shape.z();
    int v = nx * ny * nz;
    if (data.length != (long) volumes * v) {
      throw new IllegalArgumentException(
          data.length + " values are not " + volumes + " volumes of " + shape);
    }
    float[] out = new float[data.length];
    for (int n = 0; n < volumes; n++) {
      int base = n * v;
      for (int z = 0; z < nz; z++) {
        int sz = flip[2] ? nz - 1 - z : z;
        for (int y = 0; y < ny; y++) {
          int sy = flip[1] ? ny - 1 - y : y;
          int src = base + nx * (sy + ny * sz);
          int dst = base + nx * (y + ny * z);
          if (flip[0]) {
            for (int x = 0; x < nx; x++) {
              out[dst + x] = data[src + nx - 1 - x];
            }
          } else {
            System.arraycopy(data, src, out, dst, nx);
          }
        }
      }
    }
    return out;
  }
}
