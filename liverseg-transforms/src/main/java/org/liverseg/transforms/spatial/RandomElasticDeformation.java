package org.liverseg.transforms.spatial;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.primitives.Doubles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.liverseg.io.Affine;
import org.liverseg.io.Image;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.AbstractTransform;
import org.liverseg.transforms.AppliedTransform;
import org.liverseg.transforms.ImageStatistics;
import org.liverseg.transforms.TransformBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A random smooth deformation from a coarse grid of control-point displacements interpolated by a
 * cubic B-spline, as TorchIO's {@code RandomElasticDeformation} (0.20, which builds a SimpleITK
 * {@code BSplineTransform}; defaults: 7 control points per axis, maximum displacement 7.5 mm per
 * axis, 2 locked borders). Each control point gets a displacement {@code U(-max, max)} per axis
 * (drawn in C order of {@code (n0, n1, n2, 3)}, as TorchIO's {@code torch.rand}); then, exactly as
 * TorchIO does, the first and last {@code lockedBorders} control planes of the <em>first two</em>
 * grid axes are zeroed (TorchIO does not lock the third axis). On an image with one slice (depth 1)
 * the third displacement component is zeroed, as TorchIO does for 2D images.
 *
 * <p>The grid is ITK's ({@code BSplineTransformInitializer} with mesh size {@code n - 3} per axis):
 * its domain spans the outer voxel edges plus 1/8 voxel on each side, i.e. from continuous index
 * {@code -0.625} to {@code size - 0.375} ({@code size + 1/4} voxels), with one extra control point
 * outside each end. ITK works in LPS world coordinates: grid axis {@code d} runs along the image
 * axis closest to LPS axis {@code d} (x = right-to-left, y = anterior-to-posterior, z =
 * inferior-to-superior), starting at the domain corner nearest the LPS bounding-box minimum, and
 * the displacements are LPS vectors in millimetres. So for a RAS-oriented image the first two grid
 * axes run against the voxel order, and a displacement {@code (dx, dy, dz)} moves sampling by
 * {@code (-dx, -dy, dz)} in RAS. Output voxel {@code v} samples the input at {@code v + L^-1 d(v)}
 * ({@code L} the RAS affine's linear part, {@code d} the displacement in RAS). Scalar images are
 * interpolated trilinearly, label maps by nearest neighbour; outside points take the minimum of
 * their own channel (TorchIO, label maps included). The grid and affine are unchanged. A maximum
 * displacement larger than half the grid spacing logs a folding warning once, as TorchIO warns. Not
 * invertible. The field is evaluated separably (per slice, per row, per voxel: 4 taps each).
 *
 * <pre>{@code
 * Transform elastic = RandomElasticDeformation.builder().numControlPoints(7).maxDisplacement(7.5).build();
 * }</pre>
 */
public final class RandomElasticDeformation extends AbstractTransform {

  private static final Logger LOG = LoggerFactory.getLogger(RandomElasticDeformation.class);

  private final int[] numControlPoints;
  private final double[] maxDisplacement;
  private final int lockedBorders;
  private final AtomicBoolean warnedFolding = new AtomicBoolean();

  private RandomElasticDeformation(Builder b) {
    super(b);
    this.numControlPoints = b.numControlPoints;
    this.maxDisplacement = b.maxDisplacement;
    this.lockedBorders = b.lockedBorders;
    for (int n : numControlPoints) {
      checkArgument(
          !(lockedBorders == 2 && n == 4),
          "with 2 locked borders and 4 control points no displacement is left; use more control points"
              + " or fewer locked borders (TorchIO raises the same error)");
    }
  }

  /** Starts a builder with TorchIO's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected boolean drawsParameters() {
    return true;
  }

  @Override
  protected Subject transform(Subject subject, RandomGenerator random) {
    int gx = numControlPoints[0];
    int gy = numControlPoints[1];
    int gz = numControlPoints[2];
    // field[d][i + gx * (j + gy * k)], drawn in C order of (gx, gy, gz, 3)
    double[][] field = new double[3][gx * gy * gz];
    for (int i = 0; i < gx; i++) {
      for (int j = 0; j < gy; j++) {
        for (int k = 0; k < gz; k++) {
          for (int d = 0; d < 3; d++) {
            field[d][i + gx * (j + gy * k)] = (random.nextDouble() - 0.5) * 2 * maxDisplacement[d];
          }
        }
      }
    }
    for (int b = 0; b < lockedBorders; b++) {
      for (int j = 0; j < gy; j++) {
        for (int k = 0; k < gz; k++) {
          for (int d = 0; d < 3; d++) {
            field[d][b + gx * (j + gy * k)] = 0;
            field[d][gx - 1 - b + gx * (j + gy * k)] = 0;
          }
        }
      }
      for (int i = 0; i < gx; i++) {
        for (int k = 0; k < gz; k++) {
          for (int d = 0; d < 3; d++) {
            field[d][i + gx * (b + gy * k)] = 0;
            field[d][i + gx * (gy - 1 - b + gy * k)] = 0;
          }
        }
      }
    }
    return apply(subject, field);
  }

  /**
   * Deforms with a given control field {@code field[component][i + n0 * (j + n1 * k)]}: LPS
   * displacements in mm of control point {@code (i, j, k)} of ITK's grid (see the class doc).
   */
  Subject apply(Subject subject, double[][] field) {
    List<String> names = selectedNames(subject);
    Shape shape = subject.shape();
    Affine a = subject.affine();
    double[][] f = field;
    if (shape.z() == 1) {
      f = new double[][] {field[0], field[1], new double[field[2].length]};
    }
    Map<String, Image> changed = new LinkedHashMap<>();
    boolean moves = maxDisplacement[0] > 0 || maxDisplacement[1] > 0 || maxDisplacement[2] > 0;
    if (!names.isEmpty() && moves) {
      BsplineGrid grid = new BsplineGrid(shape, a, numControlPoints);
      warnIfFolding(grid);
      List<Image> images = new ArrayList<>();
      double[][] fills = new double[names.size()][];
      for (int t = 0; t < names.size(); t++) {
        Image im = subject.image(names.get(t));
        images.add(im);
        fills[t] = ImageStatistics.minPerChannel(im);
      }
      List<Image> out = Resampler.resamplePerChannel(images, grid.voxelMap(f), shape, a, fills);
      for (int t = 0; t < names.size(); t++) {
        changed.put(names.get(t), out.get(t));
      }
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put(
        "num_control_points",
        ImmutableList.of(numControlPoints[0], numControlPoints[1], numControlPoints[2]));
    params.put("max_displacement", ImmutableList.copyOf(Doubles.asList(maxDisplacement)));
    params.put("locked_borders", lockedBorders);
    ImmutableList.Builder<Double> cp = ImmutableList.builder();
    for (double[] c : field) {
      cp.addAll(Doubles.asList(c));
    }
    params.put("control_points", cp.build());
    return replace(
        subject, changed, AppliedTransform.of(name(), params, names, subject.images().keySet()));
  }

  private void warnIfFolding(BsplineGrid grid) {
    List<Integer> axes = foldingAxes(maxDisplacement, grid);
    if (!axes.isEmpty() && !warnedFolding.getAndSet(true)) {
      LOG.warn(
          "RandomElasticDeformation: the maximum displacement {} mm is larger than half the"
              + " control-grid spacing along grid axes {}, so folding may occur; choose fewer"
              + " control points or a smaller maximum displacement",
          Doubles.asList(maxDisplacement),
          axes);
    }
  }

  /**
   * The grid axes whose maximum displacement exceeds half the control-point spacing (TorchIO's
   * folding check, {@code max_displacement > grid_spacing / 2}).
   */
  static List<Integer> foldingAxes(double[] maxDisplacement, BsplineGrid grid) {
    List<Integer> axes = new ArrayList<>();
    for (int d = 0; d < 3; d++) {
      if (maxDisplacement[d] > grid.spacingMm(d) / 2) {
        axes.add(d);
      }
    }
    return axes;
  }

  /** Configures a {@link RandomElasticDeformation}. */
  public static final class Builder extends TransformBuilder<Builder> {
    private int[] numControlPoints = {7, 7, 7};
    private double[] maxDisplacement = {7.5, 7.5, 7.5};
    private int lockedBorders = 2;

    private Builder() {}

    /** Control points per axis: one value or three, each at least 4 (default 7). */
    public Builder numControlPoints(int... values) {
      checkArgument(
          values.length == 1 || values.length == 3,
          "numControlPoints needs 1 or 3 values, got %s",
          Arrays.toString(values));
      int[] n = values.length == 1 ? new int[] {values[0], values[0], values[0]} : values.clone();
      for (int v : n) {
        checkArgument(
            v >= 4, "each axis needs at least 4 control points, got %s", Arrays.toString(values));
      }
      numControlPoints = n;
      return this;
    }

    /** Maximum displacement in mm: one value or three, non-negative (default 7.5). */
    public Builder maxDisplacement(double... values) {
      checkArgument(
          values.length == 1 || values.length == 3,
          "maxDisplacement needs 1 or 3 values, got %s",
          values.length);
      double[] d =
          values.length == 1 ? new double[] {values[0], values[0], values[0]} : values.clone();
      for (double v : d) {
        checkArgument(
            v >= 0 && Double.isFinite(v),
            "maxDisplacement must be non-negative, got %s",
            Doubles.asList(values));
      }
      maxDisplacement = d;
      return this;
    }

    /** Locked border planes: 0, 1 or 2 (default 2). */
    public Builder lockedBorders(int value) {
      checkArgument(value >= 0 && value <= 2, "lockedBorders must be 0, 1 or 2, got %s", value);
      lockedBorders = value;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    public RandomElasticDeformation build() {
      return new RandomElasticDeformation(this);
    }
  }
}
