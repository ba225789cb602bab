package org.liverseg.models.layers;

import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trilinear 2x upsampling of NCDHW arrays, equal to PyTorch {@code Upsample(scale_factor=2,
 * mode='trilinear', align_corners=False)}, and its gradient.
 *
 * <p>Each {@code (batch, channel)} volume is processed independently, in parallel on the common
 * fork-join pool.
 */
public final class Trilinear {

  private Trilinear() {}

  /**
   * Upsamples {@code input [b, c, d, h, w]} into {@code output [b, c, 2d, 2h, 2w]}.
   *
   * @param input any rank-5 float or double array
   * @param output a dense c-order array of the same data type and the doubled shape
   */
  public static void forward(INDArray input, INDArray output) {
    long[] s = checkShapes(input, output, "input", "output");
    NativeVolumes.requireDense(output, "output");
    INDArray in = NativeVolumes.dense(input);
    int d = (int) s[2];
    int h = (int) s[3];
    int w = (int) s[4];
    int small = d * h * w;
    int large = 8 * small;
    run(
        s[0] * s[1],
        v -> {
          if (in.dataType() == DataType.DOUBLE) {
            double[] a = new double[small];
            double[] b = new double[large];
            NativeVolumes.read(in, v * small, a);
            TrilinearKernel.upsampleVolume(a, b, d, h, w);
            NativeVolumes.write(output, v * large, b);
          } else {
            float[] a = new float[small];
            float[] b = new float[large];
            NativeVolumes.read(in, v * small, a);
            TrilinearKernel.upsampleVolume(a, b, d, h, w);
            NativeVolumes.write(output, v * large, b);
          }
        });
  }

  /**
   * Gradient with respect to the input: {@code gradIn [b, c, d, h, w]} from {@code gradOut [b, c,
   * 2d, 2h, 2w]}.
   *
   * @param gradOut any rank-5 float or double array
   * @param gradIn a dense c-order array of the same data type and the halved shape
   */
  public static void backward(INDArray gradOut, INDArray gradIn) {
    long[] s = checkShapes(gradIn, gradOut, "gradient of the input", "gradient of the output");
    NativeVolumes.requireDense(gradIn, "gradient of the input");
    INDArray g = NativeVolumes.dense(gradOut);
    int d = (int) s[2];
    int h = (int) s[3];
    int w = (int) s[4];
    int small = d * h * w;
    int large = 8 * small;
    run(
        s[0] * s[1],
        v -> {
          if (g.dataType() == DataType.DOUBLE) {
            double[] a = new double[large];
            double[] b = new double[small];
            NativeVolumes.read(g, v * large, a);
            TrilinearKernel.adjointVolume(a, b, d, h, w);
            NativeVolumes.write(gradIn, v * small, b);
          } else {
            float[] a = new float[large];
            float[] b = new float[small];
            NativeVolumes.read(g, v * large, a);
            TrilinearKernel.adjointVolume(a, b, d, h, w);
            NativeVolumes.write(gradIn, v * small, b);
          }
        });
  }

  private interface VolumeTask {
    void run(long volume);
  }

  private static void run(long volumes, VolumeTask task) {
    if (volumes == 1) {
      task.run(0);
    } else {
      IntStream.range(0, Math.toIntExact(volumes)).parallel().forEach(task::run);
    }
  }

  /** Validates the pair (small, large) and returns the small shape. */
  private static long[] checkShapes(
      INDArray small, INDArray large, String smallName, String largeName) {
    if (small.rank() != 5 || large.rank() != 5) {
      throw new IllegalArgumentException(
          "trilinear upsampling needs rank-5 NCDHW arrays, got "
              + smallName
              + " "
              + java.util.Arrays.toString(small.shape())
              + " and "
              + largeName
              + " "
              + java.util.Arrays.toString(large.shape()));
    }
    NativeVolumes.requireFloatingPoint(small, smallName);
    NativeVolumes.requireFloatingPoint(large, largeName);
    if (small.dataType() != large.dataType()) {
      throw new IllegalArgumentException(
          smallName + " is " + small.dataType() + " but " + largeName + " is " + large.dataType());
    }
    long[] s = small.shape();
    long[] l = large.shape();
    boolean ok =
        s[0] == l[0] && s[1] == l[1] && 2 * s[2] == l[2] && 2 * s[3] == l[3] && 2 * s[4] == l[4];
    if (!ok) {
      throw new IllegalArgumentException(
          largeName
              + " must be "
              + smallName
              + " with D, H and W doubled: "
              + java.util.Arrays.toString(s)
              + " vs "
              + java.util.Arrays.toString(l));
    }
    if (8L * s[2] * s[3] * s[4] > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "one upsampled volume of " + java.util.Arrays.toString(l) + " exceeds 2^31 voxels");
    }
    return s;
  }
}
