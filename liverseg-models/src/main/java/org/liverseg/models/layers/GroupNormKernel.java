package org.liverseg.models.layers;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Group normalisation of dense NCDHW arrays and its gradient, in plain Java on bulk-copied volumes
 * (double accumulation), parallel over (batch, group).
 *
 * <p>Forward, for each sample n and group g of {@code C / G} consecutive channels: {@code xhat = (x
 * - mean) / sqrt(var + eps)} with the biased variance over the group's channels and all voxels,
 * then {@code y = gamma[c] * xhat + beta[c]}. One group per channel is instance normalisation.
 */
final class GroupNormKernel {

  private GroupNormKernel() {}

  /**
   * Normalises {@code x} into {@code out} (both dense c-order {@code [N, C, D, H, W]} of one type).
   *
   * @return per (n, g): mean at {@code 2 * (n * groups + g)}, reciprocal standard deviation next to
   *     it
   */
  static double[] forward(
      INDArray x, INDArray out, double[] gamma, double[] beta, int groups, double eps) {
    Dims d = Dims.of(x, gamma.length, groups);
    double[] stats = new double[2 * d.n * groups];
    run(
        d,
        groups,
        task -> {
          int n = task / groups;
          int g = task % groups;
          long offset = d.offset(n, g);
          double[] v = read(x, offset, d.chunk);
          double sum = 0;
          for (double a : v) {
            sum += a;
          }
          double mean = sum / d.chunk;
          double sq = 0;
          for (double a : v) {
            double c = a - mean;
            sq += c * c;
          }
          double rstd = 1 / Math.sqrt(sq / d.chunk + eps);
          stats[2 * task] = mean;
          stats[2 * task + 1] = rstd;
          for (int k = 0; k < d.perGroup; k++) {
            int c = g * d.perGroup + k;
            double scale = gamma[c] * rstd;
            double shift = beta[c] - mean * scale;
            int from = k * d.voxels;
            for (int i = from; i < from + d.voxels; i++) {
              v[i] = v[i] * scale + shift;
            }
          }
          write(out, offset, v);
        });
    return stats;
  }

  /**
   * Recomputes the affine output {@code gamma * xhat + beta} from {@code x} and the forward
   * statistics, into {@code out}.
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
          double[] v = read(x, offset, d.chunk);
          double mean = stats[2 * task];
          double rstd = stats[2 * task + 1];
          for (int k = 0; k < d.perGroup; k++) {
            int c = g * d.perGroup + k;
            double scale = gamma[c] * rstd;
            double shift = beta[c] - mean * scale;
            int from = k * d.voxels;
            for (int i = from; i < from + d.voxels; i++) {
              v[i] = v[i] * scale + shift;
            }
          }
          write(out, offset, v);
        });
  }

  /**
   * Gradient: from the input {@code x}, the gradient {@code dy} of the affine output and the
   * forward statistics, writes the input gradient into {@code dx} and the parameter gradients into
   * {@code dGamma} and {@code dBeta} (overwritten, summed over the batch).
   */
  static void backward(
      INDArray x,
      INDArray dy,
      INDArray dx,
      double[] gamma,
      int groups,
      double[] stats,
      double[] dGamma,
      double[] dBeta) {
    int channels = gamma.length;
    Dims d = Dims.of(x, channels, groups);
    double[][] partGamma = new double[d.n][channels];
    double[][] partBeta = new double[d.n][channels];
    run(
        d,
        groups,
        task -> {
          int n = task / groups;
          int g = task % groups;
          long offset = d.offset(n, g);
          double[] v = read(x, offset, d.chunk);
          double[] e = read(dy, offset, d.chunk);
          double mean = stats[2 * task];
          double rstd = stats[2 * task + 1];
          double sumDxhat = 0;
          double sumDxhatXhat = 0;
          for (int k = 0; k < d.perGroup; k++) {
            int c = g * d.perGroup + k;
            double sg = 0;
            double sb = 0;
            int from = k * d.voxels;
            for (int i = from; i < from + d.voxels; i++) {
              double xhat = (v[i] - mean) * rstd;
              v[i] = xhat;
              sg += e[i] * xhat;
              sb += e[i];
            }
            partGamma[n][c] = sg;
            partBeta[n][c] = sb;
            sumDxhat += gamma[c] * sb;
            sumDxhatXhat += gamma[c] * sg;
          }
          double m1 = sumDxhat / d.chunk;
          double m2 = sumDxhatXhat / d.chunk;
          for (int k = 0; k < d.perGroup; k++) {
            double gc = gamma[g * d.perGroup + k];
            int from = k * d.voxels;
            for (int i = from; i < from + d.voxels; i++) {
              e[i] = rstd * (gc * e[i] - m1 - v[i] * m2);
            }
          }
          write(dx, offset, e);
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
  }

  private static double[] read(INDArray a, long offset, int length) {
    double[] v = new double[length];
    if (a.dataType() == DataType.DOUBLE) {
      NativeVolumes.read(a, offset, v);
    } else {
      float[] f = new float[length];
      NativeVolumes.read(a, offset, f);
      for (int i = 0; i < length; i++) {
        v[i] = f[i];
      }
    }
    return v;
  }

  private static void write(INDArray a, long offset, double[] v) {
    if (a.dataType() == DataType.DOUBLE) {
      NativeVolumes.write(a, offset, v);
    } else {
      float[] f = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        f[i] = (float) v[i];
      }
      NativeVolumes.write(a, offset, f);
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
