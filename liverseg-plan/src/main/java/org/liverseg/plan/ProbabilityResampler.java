package org.liverseg.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.liverseg.io.Affine;
import org.liverseg.io.Image;
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
    Shape in = probabilities.shape();
    Resampler.VoxelMap map =
        clamped(Resampler.affineMap(Resampler.voxelToVoxel(probabilities.affine(), affine)), in);
    List<Image> out =
        Resampler.resample(List.of(probabilities), map, shape, affine, new double[] {0});
    return (ScalarImage) out.get(0);
  }

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
