package org.liverseg.models.layers;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Group normalisation of dense NCDHW arrays and its gradient, in plain Java (double arithmetic),
 * parallel over (batch, group), with an optional piecewise-linear activation fused in.
 *
 * <p>Forward, for each sample n and group g of {@code C / G} consecutive channels: {@code xhat = (x
 * - mean) / sqrt(var + eps)} with the biased variance over the group's channels and all voxels,
 * then {@code y = gamma[c] * xhat + beta[c]} and {@code z = y > 0 ? y : slope * y} (slope 1:
 * identity, 0: ReLU, 0.01: nnU-Net's leaky ReLU). One group per channel is instance normalisation.
 *
 * <p>The arrays are streamed through blocks of at most {@value #BLOCK} values per task, so a call
 * allocates a few small blocks instead of copies of whole groups: the statistics take one read of
 * {@code x} (sums shifted by the group's first value, which keeps the variance exact for data far
 * from zero), the output one more read and a write. The backward pass recomputes {@code xhat}, y
 * and the activation's derivative from {@code x} and the statistics (two reads of {@code x} and of
 * the incoming gradient, one write), so nothing but two numbers per (sample, group) is kept between
 * the passes.
 */
final class GroupNormKernel {

  /** Values per block of a task's stream. */
  static final int BLOCK = 8192;

  private GroupNormKernel() {}

  /**
   * Normalises {@code x} into {@code out} (both dense c-order {@code [N, C, D, H, W]} of one type)
   * and applies {@code y > 0 ? y : slope * y}.
   *
   * @return per (n, g): mean at {@code 2 * (n * groups + g)}, reciprocal standard deviation next to
   *     it
   */
  static double[] forward(
      INDArray x,
      INDArray out,
      double[] gamma,
      double[] beta,
      int groups,
      double eps,
      double slope) {
    Dims d = Dims.of(x, gamma.length, groups);
    double[] stats = new double[2 * d.n * groups];
    run(
        d,
        groups,
        task -> {
          int g = task % groups;
          long offset = d.offset(task / groups, g);
          Stream in = new Stream(x, d.blockFor());
          Stream o = new Stream(out, d.blockFor());
          double shift = in.first(offset);
          double s1 = 0;
          double s2 = 0;
          for (int from = 0; from < d.chunk; from += in.block()) {
            int len = Math.min(in.block(), d.chunk - from);
            double[] v = in.read(offset + from, len);
            for (int i = 0; i < len; i++) {
              double c = v[i] - shift;
              s1 += c;
              s2 += c * c;
            }
          }
          double m = s1 / d.chunk;
          double mean = shift + m;
          double rstd = 1 / Math.sqrt(Math.max(0, s2 / d.chunk - m * m) + eps);
          stats[2 * task] = mean;
          stats[2 * task + 1] = rstd;
          for (int k = 0; k < d.perGroup; k++) {
            int c = g * d.perGroup + k;
            double scale = gamma[c] * rstd;
            double add = beta[c] - mean * scale;
            long at = offset + (long) k * d.voxels;
            for (int from = 0; from < d.voxels; from += in.block()) {
              int len = Math.min(in.block(), d.voxels - from);
              double[] v = in.read(at + from, len);
              double[] w = o.buffer();
              for (int i = 0; i < len; i++) {
                double y = v[i] * scale + add;
                w[i] = y > 0 ? y : slope * y;
              }
              o.write(at + from, len);
            }
          }
        });
    return stats;
  }

  /**
   * Recomputes the affine output {@code gamma * xhat + beta} (before any activation) from {@code x}
   * and the forward statistics, into {@code out}: the pre-activation that activations other than
   * the fused ones need for their derivative.
   */
  static void affine(
      INDArray x, INDArray out, double[] gamma, double[] beta, int groups, double[] stats) {
    Dims d = Dims.of(x, gamma.length, groups);
    run(
        d,
        groups,
        task -> {
          int g = task % groups;
          long offset = d.offset(task / groups, g);
          Stream in = new Stream(x, d.blockFor());
          Stream o = new Stream(out, d.blockFor());
          double mean = stats[2 * task];
          double rstd = stats[2 * task + 1];
          for (int k = 0; k < d.perGroup; k++) {
            int c = g * d.perGroup + k;
            double scale = gamma[c] * rstd;
            double add = beta[c] - mean * scale;
            long at = offset + (long) k * d.voxels;
            for (int from = 0; from < d.voxels; from += in.block()) {
              int len = Math.min(in.block(), d.voxels - from);
              double[] v = in.read(at + from, len);
              double[] w = o.buffer();
              for (int i = 0; i < len; i++) {
                w[i] = v[i] * scale + add;
              }
              o.write(at + from, len);
            }
          }
        });
  }

  /**
   * Gradient: from the input {@code x}, the gradient {@code dz} of the activation's output and the
   * forward statistics, writes the input gradient into {@code dx} and the parameter gradients into
   * {@code dGamma} and {@code dBeta} (overwritten, summed over the batch). The activation's
   * derivative ({@code 1} where {@code y > 0}, else {@code slope}) is recomputed from {@code x};
   * with slope 1 (identity) {@code dz} is the gradient of the affine output and {@code beta} is not
   * read.
   */
  static void backward(
      INDArray x,
      INDArray dz,
      INDArray dx,
      double[] gamma,
      double[] beta,
      int groups,
      double[] stats,
      double slope,
      double[] dGamma,
      double[] dBeta) {
    int channels = gamma.length;
    Dims d = Dims.of(x, channels, groups);
    double[][] partGamma = new double[d.n][channels];
    double[][] partBeta = new double[d.n][channels];
    boolean identity = slope == 1;
    run(
        d,
        groups,
        task -> {
          int n = task / groups;
          int g = task % groups;
          long offset = d.offset(n, g);
          Stream in = new Stream(x, d.blockFor());
          Stream grad = new Stream(dz, d.blockFor());
          Stream o = new Stream(dx, d.blockFor());
          double mean = stats[2 * task];
          double rstd = stats[2 * task + 1];
          double sumDxhat = 0;
          double sumDxhatXhat = 0;
          for (int k = 0; k < d.perGroup; k++) {
            int c = g * d.perGroup + k;
            double gc = gamma[c];
            double bc = identity ? 0 : beta[c];
            double sg = 0;
            double sb = 0;
            long at = offset + (long) k * d.voxels;
            for (int from = 0; from < d.voxels; from += in.block()) {
              int len = Math.min(in.block(), d.voxels - from);
              double[] v = in.read(at + from, len);
              double[] e = grad.read(at + from, len);
              for (int i = 0; i < len; i++) {
                double xhat = (v[i] - mean) * rstd;
                double dy = identity || gc * xhat + bc > 0 ? e[i] : slope * e[i];
                sg += dy * xhat;
                sb += dy;
              }
            }
            partGamma[n][c] = sg;
            partBeta[n][c] = sb;
            sumDxhat += gc * sb;
            sumDxhatXhat += gc * sg;
          }
          double m1 = sumDxhat / d.chunk;
          double m2 = sumDxhatXhat / d.chunk;
          for (int k = 0; k < d.perGroup; k++) {
            int c = g * d.perGroup + k;
            double gc = gamma[c];
            double bc = identity ? 0 : beta[c];
            long at = offset + (long) k * d.voxels;
            for (int from = 0; from < d.voxels; from += in.block()) {
              int len = Math.min(in.block(), d.voxels - from);
              double[] v = in.read(at + from, len);
              double[] e = grad.read(at + from, len);
              double[] w = o.buffer();
              for (int i = 0; i < len; i++) {
                double xhat = (v[i] - mean) * rstd;
                double dy = identity || gc * xhat + bc > 0 ? e[i] : slope * e[i];
                w[i] = rstd * (gc * dy - m1 - xhat * m2);
              }
              o.write(at + from, len);
            }
          }
        });
    Arrays.fill(dGamma, 0);
    Arrays.fill(dBeta, 0);
    for (int n = 0; n < d.n; n++) {
      for (int c = 0; c < channels; c++) {
        dGamma[c] += partGamma[n][c];
        dBeta[c] += partBeta[n][c];
      }
    }
  }

  /** Sizes of one normalisation problem. */
  private record Dims(int n, int channels, int perGroup, int voxels, int chunk) {
    static Dims of(INDArray x, int channels, int groups) {
      long[] s = x.shape();
      long voxels = s[2] * s[3] * s[4];
      long chunk = voxels * (channels / groups);
      if (chunk > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "one normalisation group of " + Arrays.toString(s) + " exceeds 2^31 values");
      }
      return new Dims((int) s[0], channels, channels / groups, (int) voxels, (int) chunk);
    }

    long offset(int n, int g) {
      return ((long) n * channels + (long) g * perGroup) * voxels;
    }

    /** Block length of this problem's streams: no longer than a channel's volume. */
    int blockFor() {
      return Math.min(BLOCK, voxels);
    }
  }

  /**
   * Block-wise reads and writes of one dense FLOAT or DOUBLE array through a reusable {@code
   * double[]} (float values are widened on read and rounded on write).
   */
  private static final class Stream {
    private final double[] values;
    private final float[] floats;
    private final FloatPointer fp;
    private final DoublePointer dp;

    Stream(INDArray a, int block) {
      values = new double[block];
      if (a.dataType() == DataType.DOUBLE) {
        dp = new DoublePointer(a.data().addressPointer());
        fp = null;
        floats = null;
      } else {
        fp = new FloatPointer(a.data().addressPointer());
        dp = null;
        floats = new float[block];
      }
    }

    int block() {
      return values.length;
    }

    /** The value at {@code offset}. */
    double first(long offset) {
      return dp != null ? dp.position(0).get(offset) : fp.position(0).get(offset);
    }

    /** Reads {@code len} values from {@code offset} into the block and returns it. */
    double[] read(long offset, int len) {
      if (dp != null) {
        dp.position(offset).get(values, 0, len);
      } else {
        fp.position(offset).get(floats, 0, len);
        for (int i = 0; i < len; i++) {
          values[i] = floats[i];
        }
      }
      return values;
    }

    /** The block to fill before {@link #write}. */
    double[] buffer() {
      return values;
    }

    /** Writes the first {@code len} values of the block to {@code offset}. */
    void write(long offset, int len) {
      if (dp != null) {
        dp.position(offset).put(values, 0, len);
      } else {
        for (int i = 0; i < len; i++) {
          floats[i] = (float) values[i];
        }
        fp.position(offset).put(floats, 0, len);
      }
    }
  }

  private interface Task {
    void run(int task);
  }

  /** Below this many values per call the fork-join overhead outweighs the work. */
  private static final long PARALLEL_THRESHOLD = 1 << 15;

  /** Runs the task of every (sample, group), in parallel when the array is large enough. */
  private static void run(Dims d, int groups, Task task) {
    int tasks = d.n * groups;
    if (tasks == 1 || (long) tasks * d.chunk < PARALLEL_THRESHOLD) {
      for (int t = 0; t < tasks; t++) {
        task.run(t);
      }
    } else {
      IntStream.range(0, tasks).parallel().forEach(task::run);
    }
  }
}
