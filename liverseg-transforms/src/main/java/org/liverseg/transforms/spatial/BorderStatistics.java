package org.liverseg.transforms.spatial;

import org.liverseg.io.Shape;

/**
 * The border statistics TorchIO's {@code RandomAffine} can fill with ({@code get_borders_mean} in
 * TorchIO 0.20), for one channel: the values of the six faces of the volume are put together (faces
 * {@code z = 0}, {@code z = last}, {@code y = 0}, {@code y = last}, {@code x = 0}, {@code x =
 * last}, so voxels on edges and corners count two or three times, as in TorchIO), and either their
 * mean is taken, or the mean of those below ITK's Otsu threshold of them ({@link
 * #otsuThreshold(float[])}).
 */
final class BorderStatistics {

  /** SimpleITK's {@code OtsuThresholdImageFilter} default. */
  static final int OTSU_BINS = 128;

  private BorderStatistics() {}

  /** The face values of channel {@code c} of a channel-major volume, in TorchIO's order. */
  static float[] borderValues(float[] voxels, Shape shape, int c) {
    int nx = shape.x();
    int ny = shape.y();
    int nz = shape.z();
    int base = c * shape.voxelsAsInt();
    float[] out = new float[2 * (nx * ny + nx * nz + ny * nz)];
    int n = 0;
    for (int z : new int[] {0, nz - 1}) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++) {
          out[n++] = voxels[base + x + nx * (y + ny * z)];
        }
      }
    }
    for (int y : new int[] {0, ny - 1}) {
      for (int z = 0; z < nz; z++) {
        for (int x = 0; x < nx; x++) {
          out[n++] = voxels[base + x + nx * (y + ny * z)];
        }
      }
    }
    for (int x : new int[] {0, nx - 1}) {
      for (int z = 0; z < nz; z++) {
        for (int y = 0; y < ny; y++) {
          out[n++] = voxels[base + x + nx * (y + ny * z)];
        }
      }
    }
    return out;
  }

  /** The mean of the values, in double precision. */
  static double mean(float[] values) {
    double s = 0;
    for (float v : values) {
      s += v;
    }
    return s / values.length;
  }

  /**
   * TorchIO's {@code filter_otsu} branch: the mean of the values strictly below the Otsu threshold;
   * if there are none, or all of them are 0 (TorchIO tests {@code values.any()}), the mean of all
   * values.
   */
  static double otsuMean(float[] values) {
    float threshold = otsuThreshold(values);
    double s = 0;
    int n = 0;
    boolean anyNonZero = false;
    for (float v : values) {
      if (v < threshold) {
        s += v;
        n++;
        anyNonZero |= v != 0;
      }
    }
    return anyNonZero ? s / n : mean(values);
  }

  /**
   * ITK's Otsu threshold as SimpleITK's {@code OtsuThresholdImageFilter} computes it: a histogram
   * of {@value #OTSU_BINS} bins from the minimum to the maximum plus 1/100 of a bin (ITK's marginal
   * scale; bin edges {@code min + j * interval} with a single-precision interval), bin measurements
   * at the bin centres; the threshold bin {@code t} maximises {@code w0 m0^2 + w1 m1^2} over the
   * classes {@code [0, t]} and {@code (t, last]} (the first maximum wins; a later one must exceed
   * it by more than one ulp), and the threshold is the upper edge of bin {@code t}, in the image's
   * single precision.
   */
  static float otsuThreshold(float[] values) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (float v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    if (min == max) {
      return (float) min; // ITK: all values in the last bin, threshold = first bin's upper edge
    }
    int bins = OTSU_BINS;
    double upper = max + ((max - min) / bins) / 100;
    float interval = ((float) upper - (float) min) / bins;
    double[] lo = new double[bins + 1];
    for (int j = 0; j < bins; j++) {
      lo[j] = min + (float) j * interval;
    }
    lo[bins] = upper; // lo[j + 1] is the upper edge of bin j
    long[] freq = new long[bins];
    for (float v : values) {
      freq[bin(lo, v)]++;
    }
    double globalMean = 0;
    long total = values.length;
    for (int j = 0; j < bins; j++) {
      globalMean += (lo[j] + lo[j + 1]) / 2.0 * freq[j];
    }
    globalMean /= total;
    // bin 0 holds the minimum and the last bin the maximum: both classes are never empty
    long f0 = 0;
    double m0 = 0;
    double best = -1;
    int bestIndex = 0;
    for (int t = 0; t <= bins - 2; t++) {
      long oldF = f0;
      double centre = (lo[t] + lo[t + 1]) / 2.0;
      f0 += freq[t];
      // ITK starts class 0 at the first bin's centre and then updates its mean incrementally
      m0 = t == 0 ? centre : (m0 * oldF + centre * freq[t]) / f0;
      long f1 = total - f0;
      double m1 = (globalMean * total - m0 * f0) / f1;
      double var = (f0 * (m0 * m0) + f1 * (m1 * m1)) / total;
      if (var > best && !almostEqual(best, var)) {
        best = var;
        bestIndex = t;
      }
    }
    return (float) lo[bestIndex + 1];
  }

  /** The bin of {@code v}: the last bin whose lower edge is at most {@code v}. */
  private static int bin(double[] lo, float v) {
    int a = 0;
    int b = lo.length - 2;
    while (a < b) {
      int mid = (a + b + 1) >>> 1;
      if (lo[mid] <= v) {
        a = mid;
      } else {
        b = mid - 1;
      }
    }
    return a;
  }

  /** ITK's {@code Math::FloatAlmostEqual(a, b, 1)} for non-negative doubles. */
  private static boolean almostEqual(double a, double b) {
    return Math.abs(a - b) <= 0.1 * Math.ulp(1.0)
        || Math.abs(Double.doubleToLongBits(a) - Double.doubleToLongBits(b)) <= 1;
  }
}
