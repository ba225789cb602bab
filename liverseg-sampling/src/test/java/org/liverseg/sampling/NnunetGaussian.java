package org.liverseg.sampling;

/**
 * A literal transcription of nnU-Net v2's {@code compute_gaussian} (sigma_scale 1/8,
 * value_scaling_factor 10) over a whole 3D patch, written independently of the production code as
 * an oracle: a unit impulse at {@code p // 2} filtered by scipy's {@code gaussian_filter} (one
 * normalised, truncated 1D kernel per axis applied in turn, {@code mode='constant'}), divided by
 * its maximum over 10, zeros replaced by the smallest non-zero value. Computed in double.
 */
final class NnunetGaussian {

  private NnunetGaussian() {}

  /** The map, x fastest: {@code map[x + px * (y + py * z)]}. */
  static double[] map(int[] patch) {
    int px = patch[0];
    int py = patch[1];
    int pz = patch[2];
    double[] v = new double[px * py * pz];
    v[px / 2 + px * (py / 2 + py * (pz / 2))] = 1;
    for (int axis = 0; axis < 3; axis++) {
      v = filter1d(v, patch, axis, patch[axis] / 8.0);
    }
    double max = 0;
    for (double x : v) {
      max = Math.max(max, x);
    }
    double minPositive = Double.MAX_VALUE;
    for (int i = 0; i < v.length; i++) {
      v[i] = v[i] / (max / 10);
      if (v[i] > 0) {
        minPositive = Math.min(minPositive, v[i]);
      }
    }
    for (int i = 0; i < v.length; i++) {
      if (v[i] == 0) {
        v[i] = minPositive;
      }
    }
    return v;
  }

  /** scipy.ndimage.gaussian_filter1d(order 0, truncate 4.0, mode 'constant', cval 0). */
  private static double[] filter1d(double[] v, int[] shape, int axis, double sigma) {
    int radius = (int) (4.0 * sigma + 0.5);
    double[] kernel = new double[2 * radius + 1];
    double sum = 0;
    for (int x = -radius; x <= radius; x++) {
      kernel[x + radius] = Math.exp(-0.5 / (sigma * sigma) * x * x);
      sum += kernel[x + radius];
    }
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] /= sum;
    }
    int[] stride = {1, shape[0], shape[0] * shape[1]};
    double[] out = new double[v.length];
    for (int z = 0; z < shape[2]; z++) {
      for (int y = 0; y < shape[1]; y++) {
        for (int x = 0; x < shape[0]; x++) {
          int[] pos = {x, y, z};
          int i = x + shape[0] * (y + shape[1] * z);
          double acc = 0;
          for (int k = -radius; k <= radius; k++) {
            int q = pos[axis] + k;
            if (q >= 0 && q < shape[axis]) {
              acc += kernel[k + radius] * v[i + k * stride[axis]];
            }
          }
          out[i] = acc;
        }
      }
    }
    return out;
  }
}
