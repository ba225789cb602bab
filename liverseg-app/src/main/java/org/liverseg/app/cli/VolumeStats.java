package org.liverseg.app.cli;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Summary statistics of an image's values, as {@code liverseg inspect} reports them.
 *
 * @param min smallest value (NaN if every value is NaN)
 * @param max largest value
 * @param mean {@code sum / count}
 * @param sum sum of the float32 values, accumulated in double
 * @param nanCount how many values are NaN (left out of min, max, mean and sum)
 * @param sha256 SHA-256 (hex) of the values as float32 little-endian, in the order given (x
 *     fastest)
 */
public record VolumeStats(
    double min, double max, double mean, double sum, long nanCount, String sha256) {

  private static final int CHUNK = 1 << 14;

  /** Computes the statistics of {@code values} in one pass. */
  public static VolumeStats of(float[] values) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java runtime has no SHA-256", e);
    }
    ByteBuffer buf = ByteBuffer.allocate(4 * CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    long nan = 0;
    for (int start = 0; start < values.length; start += CHUNK) {
      int end = Math.min(values.length, start + CHUNK);
      buf.clear();
      for (int p = start; p < end; p++) {
        float v = values[p];
        buf.putFloat(v);
        if (v != v) {
          nan++;
          continue;
        }
        if (v < min) {
          min = v;
        }
        if (v > max) {
          max = v;
        }
        sum += v;
      }
      digest.update(buf.array(), 0, buf.position());
    }
    long n = values.length - nan;
    if (n == 0) {
      return new VolumeStats(
          Double.NaN, Double.NaN, Double.NaN, 0, nan, HexFormat.of().formatHex(digest.digest()));
    }
    return new VolumeStats(min, max, sum / n, sum, nan, HexFormat.of().formatHex(digest.digest()));
  }
}
