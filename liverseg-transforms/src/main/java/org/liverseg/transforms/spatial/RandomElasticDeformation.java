package org.liverseg.transforms.spatial;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.primitives.Doubles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.liverseg.io.Affine;
import org.liverseg.io.Image;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.AbstractTransform;
import org.liverseg.transforms.AppliedTransform;
import org.liverseg.transforms.ImageStatistics;
import org.liverseg.transforms.TransformBuilder;

/**
 * A random smooth deformation from a coarse grid of control-point displacements interpolated by a
 * cubic B-spline, as TorchIO's {@code RandomElasticDeformation} (defaults: 7 control points per
 * axis, maximum displacement 7.5 mm per axis, 2 locked borders). Each control point gets a
 * displacement {@code U(-max, max)} per axis (drawn in C order of {@code (nx, ny, nz, 3)}, as
 * TorchIO's {@code torch.rand}); then, exactly as TorchIO does, the first and last {@code
 * lockedBorders} control planes of the <em>first two</em> grid axes are zeroed (TorchIO does not
 * lock the third axis).
 *
 * <p>The grid spans the image with {@code n - 3} B-spline cells from the first to the last voxel
 * centre (one extra control point outside each end, as ITK's {@code BSplineTransformInitializer}
 * with mesh size {@code n - 3}). Output voxel {@code v} samples the input at {@code v + L^-1 d(v)},
 * where {@code d} is the interpolated displacement in millimetres (world axes) and {@code L} the
 * affine's linear part. Scalar images are interpolated trilinearly, label maps by nearest
 * neighbour; outside points take the image minimum (TorchIO). The grid and affine are unchanged.
 * Not invertible. The field is evaluated separably (per slice, per row, per voxel: 4 taps each).
 *
 * <pre>{@code
 * Transform elastic = RandomElasticDeformation.builder().numControlPoints(7).maxDisplacement(7.5).build();
 * }</pre>
 */
public final class RandomElasticDeformation extends AbstractTransform {

  private final int[] numControlPoints;
  private final double[] maxDisplacement;
  private final int lockedBorders;

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

  /** Deforms with a given control field {@code field[axis][i + nx * (j + ny * k)]} in mm. */
  Subject apply(Subject subject, double[][] field) {
    List<String> names = selectedNames(subject);
    Shape shape = subject.shape();
    Affine a = subject.affine();
    Resampler.VoxelMap map = voxelMap(shape, a, field);
    List<Image> images = new ArrayList<>();
    double[] fills = new double[names.size()];
    for (int t = 0; t < names.size(); t++) {
      Image im = subject.image(names.get(t));
      images.add(im);
      fills[t] = ImageStatistics.min(im);
    }
    Map<String, Image> changed = new LinkedHashMap<>();
    if (!images.isEmpty()) {
      List<Image> out = Resampler.resample(images, map, shape, a, fills);
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
    for (double[] f : field) {
      cp.addAll(Doubles.asList(f));
    }
    params.put("control_points", cp.build());
    return replace(
        subject, changed, AppliedTransform.of(name(), params, names, subject.images().keySet()));
  }

  private Resampler.VoxelMap voxelMap(Shape shape, Affine a, double[][] field) {
    int[] g = numControlPoints;
    Axis ax = new Axis(shape.x(), g[0]);
    Axis ay = new Axis(shape.y(), g[1]);
    Axis az = new Axis(shape.z(), g[2]);
    double[][] inv = a.inverse().toArray(); // linear part maps mm to voxels
    return (j, k, fx, fy, fz) -> {
      // collapse z then y: h[d][gx]
      double[][] h = new double[3][g[0]];
      for (int d = 0; d < 3; d++) {
        for (int i = 0; i < g[0]; i++) {
          double s = 0;
          for (int bj = 0; bj < 4; bj++) {
            int jj = ay.start[j] + bj;
            double wy = ay.weight[4 * j + bj];
            for (int bk = 0; bk < 4; bk++) {
              int kk = az.start[k] + bk;
              s += wy * az.weight[4 * k + bk] * field[d][i + g[0] * (jj + g[1] * kk)];
            }
          }
          h[d][i] = s;
        }
      }
      for (int i = 0; i < fx.length; i++) {
        double dx = 0;
        double dy = 0;
        double dz = 0;
        for (int bi = 0; bi < 4; bi++) {
          int ii = ax.start[i] + bi;
          double w = ax.weight[4 * i + bi];
          dx += w * h[0][ii];
          dy += w * h[1][ii];
          dz += w * h[2][ii];
        }
        fx[i] = i + inv[0][0] * dx + inv[0][1] * dy + inv[0][2] * dz;
        fy[i] = j + inv[1][0] * dx + inv[1][1] * dy + inv[1][2] * dz;
        fz[i] = k + inv[2][0] * dx + inv[2][1] * dy + inv[2][2] * dz;
      }
    };
  }

  /** Cubic B-spline support (first control index and 4 weights) of every voxel along one axis. */
  private static final class Axis {
    final int[] start;
    final double[] weight;

    Axis(int size, int controlPoints) {
      start = new int[size];
      weight = new double[4 * size];
      double cell = size > 1 ? (size - 1.0) / (controlPoints - 3) : 1;
      for (int u = 0; u < size; u++) {
        double t = u / cell + 1; // continuous control index; control p sits at voxel (p - 1) * cell
        int s = Math.min((int) Math.floor(t) - 1, controlPoints - 4);
        start[u] = s;
        for (int m = 0; m < 4; m++) {
          weight[4 * u + m] = bspline3(t - (s + m));
        }
      }
    }

    static double bspline3(double x) {
      double ax = Math.abs(x);
      if (ax < 1) {
        return (4 - 6 * ax * ax + 3 * ax * ax * ax) / 6;
      }
      if (ax < 2) {
        double r = 2 - ax;
        return r * r * r / 6;
      }
      return 0;
    }
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
