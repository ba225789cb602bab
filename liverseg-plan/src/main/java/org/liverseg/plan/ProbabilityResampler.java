package org.liverseg.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.IntStream;
import org.liverseg.io.Affine;
import org.liverseg.io.Image;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.transforms.spatial.Resampler;

/**
 * Resamples class probabilities (a multi-channel {@link ScalarImage}, one channel per class) onto
 * another grid, linearly, as nnU-Net does before the argmax ({@code resample_data_or_seg_to_shape}
 * of the softmax, order 1). This is how a prediction made at the plan's spacing gets back to the
 * grid of the input scan.
 *
 * <p>Every channel is interpolated with {@link Resampler}'s trilinear rule (ITK's, as TorchIO). A
 * target voxel whose position falls outside the source grid takes the value of the nearest source
 * voxel (edge replication: the source coordinates are clamped to {@code [0, n - 1]} per axis), so
 * that no target voxel is left without a class; inside the grid clamping changes nothing, because
 * {@link Resampler} already clamps to the edge voxel in the half-voxel border band.
 *
 * <p><b>Speed.</b> When the two grids are axis-aligned to each other (the voxel-to-voxel map is a
 * scale and a shift per axis, as between a scan's canonical grid and the plan's grid made from it,
 * whatever the scan's direction), trilinear interpolation is the product of three 1D linear
 * interpolations, done as three passes (along z at the source's x and y, then y, then x, the last
 * two slice by slice in parallel): about one multiply-add per output value and pass instead of
 * seven plus the coordinate arithmetic, and the same positions, clamping and snapping as the
 * general path; the results agree with it to float rounding (the 1D interpolations are summed in
 * another order). Any other map takes the general path.
 *
 * <p><b>Channel sums.</b> Trilinear interpolation is a convex combination: each output is {@code
 * sum_k w_k p_k} over the 8 neighbours with weights {@code w_k >= 0} summing to 1, the same weights
 * for every channel. So if the channels of every source voxel sum to 1, so do the outputs, up to
 * float rounding (about {@code 1e-7} times the number of channels); no renormalisation is needed.
 */
public final class ProbabilityResampler {

  private ProbabilityResampler() {}

  /**
   * {@code probabilities} resampled onto the grid {@code (shape, affine)}, channels kept.
   *
   * @throws IllegalStateException if the source affine is singular
   */
  public static ScalarImage onto(ScalarImage probabilities, Shape shape, Affine affine) {
    requireNonNull(probabilities, "probabilities");
    requireNonNull(shape, "shape");
    requireNonNull(affine, "affine");
    Affine toSource = Resampler.voxelToVoxel(probabilities.affine(), affine);
    return isAxisAligned(toSource)
        ? separable(probabilities, toSource, shape, affine)
        : general(probabilities, toSource, shape, affine);
  }

  /** The general path: {@link Resampler}'s trilinear rule with clamped coordinates. */
  static ScalarImage general(
      ScalarImage probabilities, Affine toSource, Shape shape, Affine affine) {
    Resampler.VoxelMap map = clamped(Resampler.affineMap(toSource), probabilities.shape());
    List<Image> out =
        Resampler.resample(List.of(probabilities), map, shape, affine, new double[] {0});
    return (ScalarImage) out.get(0);
  }

  /** Off-diagonal entries below this (voxels per voxel) count as zero. */
  private static final double AXIS_ALIGNED_TOLERANCE = 1e-9;

  /** Whether output axis {@code a} maps onto source axis {@code a} alone. */
  static boolean isAxisAligned(Affine outputToSource) {
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        if (r != c && Math.abs(outputToSource.get(r, c)) > AXIS_ALIGNED_TOLERANCE) {
          return false;
        }
      }
    }
    return true;
  }

  /** One axis of a separable map: for each output index, the two source indices and the weight. */
  private record Axis(int[] lo, int[] hi, float[] w) {
    /** Output index {@code t} samples the source at {@code scale * t + shift}, clamped, snapped. */
    static Axis of(int outSize, int inSize, double scale, double shift) {
      int[] lo = new int[outSize];
      int[] hi = new int[outSize];
      float[] w = new float[outSize];
      for (int t = 0; t < outSize; t++) {
        double f = Math.min(Math.max(scale * t + shift, 0), inSize - 1);
        double r = Math.rint(f);
        if (Math.abs(f - r) < SNAP) {
          f = r; // as Resampler: rounding noise must not turn a voxel hit into an interpolation
        }
        int i0 = (int) Math.floor(f);
        if (i0 >= inSize - 1) {
          lo[t] = inSize - 1;
          hi[t] = inSize - 1;
          w[t] = 0;
        } else {
          lo[t] = i0;
          hi[t] = i0 + 1;
          w[t] = (float) (f - i0);
        }
      }
      return new Axis(lo, hi, w);
    }
  }

  /** {@link Resampler}'s snapping distance. */
  private static final double SNAP = 1e-6;

  /** The separable path of {@link #onto(ScalarImage, Shape, Affine)}. */
  static ScalarImage separable(
      ScalarImage probabilities, Affine toSource, Shape out, Affine affine) {
    Shape in = probabilities.shape();
    int channels = probabilities.geometry().channels();
    Axis ax = Axis.of(out.x(), in.x(), toSource.get(0, 0), toSource.get(0, 3));
    Axis ay = Axis.of(out.y(), in.y(), toSource.get(1, 1), toSource.get(1, 3));
    Axis az = Axis.of(out.z(), in.z(), toSource.get(2, 2), toSource.get(2, 3));
    float[] src = probabilities.voxels();
    int inVoxels = in.voxelsAsInt();
    int outVoxels = out.voxelsAsInt();
    int sx = in.x();
    int sxy = in.x() * in.y();
    float[] dst = new float[Math.multiplyExact(channels, outVoxels)];
    IntStream slices = IntStream.range(0, channels * out.z());
    if ((long) channels * outVoxels >= PARALLEL_THRESHOLD) {
      slices = slices.parallel();
    }
    slices.forEach(
        job -> {
          int c = job / out.z();
          int z = job % out.z();
          // along z: the source's x-y plane at output slice z
          float[] plane = new float[sxy];
          int p0 = c * inVoxels + az.lo[z] * sxy;
          int p1 = c * inVoxels + az.hi[z] * sxy;
          float wz = az.w[z];
          for (int i = 0; i < sxy; i++) {
            float a = src[p0 + i];
            plane[i] = a + wz * (src[p1 + i] - a);
          }
          // along y, then x, row by row
          float[] row = new float[sx];
          int d = c * outVoxels + z * out.x() * out.y();
          for (int y = 0; y < out.y(); y++) {
            int r0 = ay.lo[y] * sx;
            int r1 = ay.hi[y] * sx;
            float wy = ay.w[y];
            for (int i = 0; i < sx; i++) {
              float a = plane[r0 + i];
              row[i] = a + wy * (plane[r1 + i] - a);
            }
            for (int x = 0; x < out.x(); x++, d++) {
              float a = row[ax.lo[x]];
              dst[d] = a + ax.w[x] * (row[ax.hi[x]] - a);
            }
          }
        });
    return ScalarImage.of(new ImageGeometry(out, channels, affine), dst);
  }

  /** Below this many output values everything runs on the calling thread. */
  private static final long PARALLEL_THRESHOLD = 1 << 18;

  /** {@code probabilities} resampled onto the grid of {@code reference}. */
  public static ScalarImage onto(ScalarImage probabilities, Image reference) {
    return onto(probabilities, reference.shape(), reference.affine());
  }

  /** The voxel map with every source coordinate clamped into {@code [0, n - 1]}. */
  private static Resampler.VoxelMap clamped(Resampler.VoxelMap map, Shape in) {
    double mx = in.x() - 1;
    double my = in.y() - 1;
    double mz = in.z() - 1;
    return (j, k, fx, fy, fz) -> {
      map.row(j, k, fx, fy, fz);
      for (int i = 0; i < fx.length; i++) {
        fx[i] = Math.min(Math.max(fx[i], 0), mx);
        fy[i] = Math.min(Math.max(fy[i], 0), my);
        fz[i] = Math.min(Math.max(fz[i], 0), mz);
      }
    };
  }
}
