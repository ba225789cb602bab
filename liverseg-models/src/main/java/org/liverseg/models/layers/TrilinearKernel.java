package org.liverseg.models.layers;

/**
 * Separable 2x linear upsampling along one axis, and its exact adjoint, on plain Java arrays.
 *
 * <p>With half-pixel centres ({@code align_corners=False}) and a scale of exactly 2, output voxel
 * {@code 2i} samples source position {@code i - 0.25} and {@code 2i + 1} samples {@code i + 0.25},
 * so the weights are the constant stencil [0.25, 0.75] / [0.75, 0.25]; a source position outside
 * the volume is clamped to the border voxel, as PyTorch does. Three such passes (x, y, z) make the
 * trilinear upsampling; the backward pass applies the three adjoint passes.
 *
 * <p>Arrays are viewed as {@code [outer, n, inner]} (c-order): the resampled axis has length {@code
 * n} on the small side and {@code 2n} on the large side.
 */
final class TrilinearKernel {

  private TrilinearKernel() {}

  /** {@code dst[outer, 2n, inner] = upsample(src[outer, n, inner])} along the middle axis. */
  static void upsample(float[] src, float[] dst, int outer, int n, int inner) {
    for (int o = 0; o < outer; o++) {
      int srcBase = o * n * inner;
      int dstBase = o * 2 * n * inner;
      for (int i = 0; i < n; i++) {
        int s = srcBase + i * inner;
        int lo = srcBase + Math.max(i - 1, 0) * inner;
        int hi = srcBase + Math.min(i + 1, n - 1) * inner;
        int even = dstBase + 2 * i * inner;
        int odd = even + inner;
        for (int k = 0; k < inner; k++) {
          float c = 0.75f * src[s + k];
          dst[even + k] = c + 0.25f * src[lo + k];
          dst[odd + k] = c + 0.25f * src[hi + k];
        }
      }
    }
  }

  /**
   * Adjoint of {@link #upsample(float[], float[], int, int, int)}: {@code dst[outer, n, inner]}
   * receives the gradient with respect to the source given {@code src[outer, 2n, inner]}, the
   * gradient of the output.
   */
  static void adjoint(float[] src, float[] dst, int outer, int n, int inner) {
    int m = 2 * n;
    for (int o = 0; o < outer; o++) {
      int srcBase = o * m * inner;
      int dstBase = o * n * inner;
      for (int i = 0; i < n; i++) {
        // Input i feeds outputs 2i and 2i+1 with 0.75, 2i-1 and 2i+2 with 0.25; a clamped
        // neighbour folds the edge output's 0.25 back onto the border voxel.
        int e = srcBase + 2 * i * inner;
        int od = e + inner;
        int lo = srcBase + Math.max(2 * i - 1, 0) * inner;
        int hi = srcBase + Math.min(2 * i + 2, m - 1) * inner;
        int d = dstBase + i * inner;
        for (int k = 0; k < inner; k++) {
          dst[d + k] = 0.75f * (src[e + k] + src[od + k]) + 0.25f * (src[lo + k] + src[hi + k]);
        }
      }
    }
  }

  /**
   * Double-precision twin of {@link #upsample(float[], float[], int, int, int)} (for gradient
   * checks).
   */
  static void upsample(double[] src, double[] dst, int outer, int n, int inner) {
    for (int o = 0; o < outer; o++) {
      int srcBase = o * n * inner;
      int dstBase = o * 2 * n * inner;
      for (int i = 0; i < n; i++) {
        int s = srcBase + i * inner;
        int lo = srcBase + Math.max(i - 1, 0) * inner;
        int hi = srcBase + Math.min(i + 1, n - 1) * inner;
        int even = dstBase + 2 * i * inner;
        int odd = even + inner;
        for (int k = 0; k < inner; k++) {
          double c = 0.75 * src[s + k];
          dst[even + k] = c + 0.25 * src[lo + k];
          dst[odd + k] = c + 0.25 * src[hi + k];
        }
      }
    }
  }

  /** Double-precision twin of {@link #adjoint(float[], float[], int, int, int)}. */
  static void adjoint(double[] src, double[] dst, int outer, int n, int inner) {
    int m = 2 * n;
    for (int o = 0; o < outer; o++) {
      int srcBase = o * m * inner;
      int dstBase = o * n * inner;
      for (int i = 0; i < n; i++) {
        int e = srcBase + 2 * i * inner;
        int od = e + inner;
        int lo = srcBase + Math.max(2 * i - 1, 0) * inner;
        int hi = srcBase + Math.min(2 * i + 2, m - 1) * inner;
        int d = dstBase + i * inner;
        for (int k = 0; k < inner; k++) {
          dst[d + k] = 0.75 * (src[e + k] + src[od + k]) + 0.25 * (src[lo + k] + src[hi + k]);
        }
      }
    }
  }

  /** Trilinear 2x upsampling of one {@code [d, h, w]} volume into {@code [2d, 2h, 2w]}. */
  static void upsampleVolume(float[] in, float[] out, int d, int h, int w) {
    float[] t1 = new float[d * h * 2 * w];
    upsample(in, t1, d * h, w, 1);
    float[] t2 = new float[d * 2 * h * 2 * w];
    upsample(t1, t2, d, h, 2 * w);
    upsample(t2, out, 1, d, 4 * h * w);
  }

  /**
   * Gradient of {@link #upsampleVolume(float[], float[], int, int, int)}: {@code [2d, 2h, 2w] ->
   * [d, h, w]}.
   */
  static void adjointVolume(float[] gradOut, float[] gradIn, int d, int h, int w) {
    float[] t2 = new float[d * 2 * h * 2 * w];
    adjoint(gradOut, t2, 1, d, 4 * h * w);
    float[] t1 = new float[d * h * 2 * w];
    adjoint(t2, t1, d, h, 2 * w);
    adjoint(t1, gradIn, d * h, w, 1);
  }

  /** Double-precision twin of {@link #upsampleVolume(float[], float[], int, int, int)}. */
  static void upsampleVolume(double[] in, double[] out, int d, int h, int w) {
    double[] t1 = new double[d * h * 2 * w];
    upsample(in, t1, d * h, w, 1);
    double[] t2 = new double[d * 2 * h * 2 * w];
    upsample(t1, t2, d, h, 2 * w);
    upsample(t2, out, 1, d, 4 * h * w);
  }

  /** Double-precision twin of {@link #adjointVolume(float[], float[], int, int, int)}. */
  static void adjointVolume(double[] gradOut, double[] gradIn, int d, int h, int w) {
    double[] t2 = new double[d * 2 * h * 2 * w];
    adjoint(gradOut, t2, 1, d, 4 * h * w);
    double[] t1 = new double[d * h * 2 * w];
    adjoint(t2, t1, d, h, 2 * w);
    adjoint(t1, gradIn, d * h, w, 1);
  }
}
