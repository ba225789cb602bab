package org.liverseg.transforms;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import org.liverseg.io.Image;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;

/**
 * Whole-image statistics with numpy's definitions, over all channels, computed in double precision.
 * NaN voxels are not expected in liverseg images; they propagate as in numpy.
 */
public final class ImageStatistics {

  private ImageStatistics() {}

  /** Smallest value. */
  public static double min(Image image) {
    if (image instanceof LabelMap l) {
      byte[] b = l.labels();
      int m = 255;
      for (byte v : b) {
        m = Math.min(m, v & 0xFF);
      }
      return m;
    }
    float[] v = ((ScalarImage) image).voxels();
    float m = Float.POSITIVE_INFINITY;
    for (float x : v) {
      m = Math.min(m, x);
    }
    return m;
  }

  /**
   * Smallest value of each channel, channel 0 first (TorchIO fills each channel of a deformed image
   * with that channel's own minimum).
   */
  public static double[] minPerChannel(Image image) {
    int n = image.shape().voxelsAsInt();
    double[] m = new double[image.channels()];
    for (int c = 0; c < m.length; c++) {
      if (image instanceof LabelMap l) {
        byte[] b = l.labels();
        int low = 255;
        for (int i = c * n; i < (c + 1) * n; i++) {
          low = Math.min(low, b[i] & 0xFF);
        }
        m[c] = low;
      } else {
        float[] v = ((ScalarImage) image).voxels();
        float low = Float.POSITIVE_INFINITY;
        for (int i = c * n; i < (c + 1) * n; i++) {
          low = Math.min(low, v[i]);
        }
        m[c] = low;
      }
    }
    return m;
  }

  /** Largest value. */
  public static double max(Image image) {
    if (image instanceof LabelMap l) {
      int m = 0;
      for (byte v : l.labels()) {
        m = Math.max(m, v & 0xFF);
      }
      return m;
    }
    float m = Float.NEGATIVE_INFINITY;
    for (float x : ((ScalarImage) image).voxels()) {
      m = Math.max(m, x);
    }
    return m;
  }

  /** Arithmetic mean. */
  public static double mean(Image image) {
    if (image instanceof LabelMap l) {
      long[] h = l.histogram();
      double s = 0;
      long n = 0;
      for (int i = 0; i < h.length; i++) {
        s += (double) i * h[i];
        n += h[i];
      }
      return s / n;
    }
    float[] v = ((ScalarImage) image).voxels();
    double s = 0;
    for (float x : v) {
      s += x;
    }
    return s / v.length;
  }

  /** Median; for an even count the mean of the two middle values (numpy). */
  public static double median(Image image) {
    if (image instanceof LabelMap l) {
      long[] h = l.histogram();
      long n = l.labels().length;
      return (labelAtRank(h, (n - 1) / 2) + labelAtRank(h, n / 2)) / 2.0;
    }
    float[] sorted = ((ScalarImage) image).voxels().clone();
    Arrays.parallelSort(sorted);
    return percentileOfSorted(sorted, 50);
  }

  private static int labelAtRank(long[] h, long rank) {
    long seen = 0;
    for (int i = 0; i < h.length; i++) {
      seen += h[i];
      if (seen > rank) {
        return i;
      }
    }
    throw new IllegalStateException("rank " + rank + " beyond " + seen);
  }

  /**
   * The {@code q}-th percentile (0..100) of sorted values with numpy's default linear
   * interpolation: position {@code q/100 * (n-1)} between the two neighbouring order statistics.
   */
  public static double percentileOfSorted(float[] sorted, double q) {
    checkArgument(sorted.length > 0, "percentile of no values");
    checkArgument(q >= 0 && q <= 100, "percentile must be in [0, 100], got %s", q);
    double pos = q / 100 * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    double frac = pos - lo;
    double a = sorted[lo];
    double b = sorted[hi];
    // numpy's _lerp: a + (b - a) * t, switched to b - (b - a) * (1 - t) for t >= 0.5
    double diff = b - a;
    return frac >= 0.5 ? b - diff * (1 - frac) : a + diff * frac;
  }
}
