package org.liverseg.transforms.spatial;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.primitives.Doubles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.liverseg.io.Affine;
import org.liverseg.io.Image;
import org.liverseg.io.LabelMap;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.AbstractTransform;
import org.liverseg.transforms.AppliedTransform;
import org.liverseg.transforms.ImageStatistics;
import org.liverseg.transforms.TransformBuilder;

/**
 * Random scaling, rotation and translation about the image centre, as TorchIO's {@code
 * RandomAffine} (which resamples with SimpleITK). Per axis it draws a scale, an angle in degrees
 * and a translation in millimetres, uniformly from their ranges (defaults: scales U(0.9, 1.1),
 * degrees U(-10, 10), no translation), in that order, 3 draws each.
 *
 * <p>Geometry (RAS+ world, {@code c} = world position of the centre voxel index {@code (n-1)/2}, or
 * the world origin with {@code centreAtOrigin()}): the forward transform is {@code T(p) = S(R(p))}
 * with {@code R(p) = Rz Rx Ry (p - c) + c + t} (ITK's Euler order; TorchIO's LPS sign flips cancel
 * out in RAS) and {@code S(q) = c + s * (q - c)}. Output voxel {@code v} samples the input at
 * {@code A^-1 T^-1 A v}, so a scale above 1 makes objects look larger and a translation {@code t}
 * moves them by {@code +t}. The grid and affine are unchanged. Scalar images are interpolated
 * trilinearly and padded with their minimum (or a given value); label maps use nearest neighbour
 * and are padded with 0, so they only hold labels they had. Identity parameters give the input
 * voxels exactly. Not invertible (skipped by {@link org.liverseg.transforms.Transforms#inverse}).
 *
 * <pre>{@code
 * Transform aug = RandomAffine.builder().scales(0.9, 1.2).degrees(15).translation(5).seed(7).build();
 * }</pre>
 */
public final class RandomAffine extends AbstractTransform {

  private final double[] scales; // 6: lo, hi per axis
  private final double[] degrees;
  private final double[] translation;
  private final boolean isotropic;
  private final boolean centreAtOrigin;
  private final Double padValue; // null: image minimum
  private final int padLabel;

  private RandomAffine(Builder b) {
    super(b);
    this.scales = b.scales;
    this.degrees = b.degrees;
    this.translation = b.translation;
    this.isotropic = b.isotropic;
    this.centreAtOrigin = b.centreAtOrigin;
    this.padValue = b.padValue;
    this.padLabel = b.padLabel;
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
    double[] s = draw(scales, random);
    if (isotropic) {
      s[1] = s[0];
      s[2] = s[0];
    }
    double[] d = draw(degrees, random);
    double[] t = draw(translation, random);
    return apply(subject, s, d, t);
  }

  /** Applies fixed parameters (what the random version does after drawing them). */
  public Subject apply(
      Subject subject, double[] scaling, double[] degreesXyz, double[] translationMm) {
    List<String> names = selectedNames(subject);
    Affine a = subject.affine();
    Shape shape = subject.shape();
    Affine map = voxelMap(a, shape, scaling, degreesXyz, translationMm, centreAtOrigin);
    List<Image> images = new ArrayList<>();
    double[] fills = new double[names.size()];
    for (int i = 0; i < names.size(); i++) {
      Image im = subject.image(names.get(i));
      images.add(im);
      fills[i] =
          im instanceof LabelMap ? padLabel : padValue != null ? padValue : ImageStatistics.min(im);
    }
    Map<String, Image> changed = new LinkedHashMap<>();
    if (!names.isEmpty()) {
      List<Image> out = Resampler.resample(images, Resampler.affineMap(map), shape, a, fills);
      for (int i = 0; i < names.size(); i++) {
        changed.put(names.get(i), out.get(i));
      }
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("scales", ImmutableList.copyOf(Doubles.asList(scaling)));
    params.put("degrees", ImmutableList.copyOf(Doubles.asList(degreesXyz)));
    params.put("translation", ImmutableList.copyOf(Doubles.asList(translationMm)));
    params.put("center", centreAtOrigin ? "origin" : "image");
    params.put("default_pad_value", padValue == null ? "minimum" : padValue);
    return replace(
        subject,
        changed,
        AppliedTransform.of("RandomAffine", params, names, subject.images().keySet()));
  }

  /**
   * The output-voxel to input-voxel map {@code A^-1 T^-1 A} of the class description, for an image
   * of affine {@code a} and shape {@code shape}.
   */
  public static Affine voxelMap(
      Affine a,
      Shape shape,
      double[] scaling,
      double[] degreesXyz,
      double[] translationMm,
      boolean centreAtOrigin) {
    for (double v : scaling) {
      checkArgument(v > 0, "scales must be positive, got %s", Doubles.asList(scaling));
    }
    double[] c =
        centreAtOrigin
            ? new double[3]
            : a.apply((shape.x() - 1) / 2.0, (shape.y() - 1) / 2.0, (shape.z() - 1) / 2.0);
    double[][] m = rotation(degreesXyz);
    // T^-1(p) = M^T ((p - c) / s - t) + c = M^T diag(1/s) p + (c - M^T (c / s + t))
    double[][] w = new double[4][4];
    w[3][3] = 1;
    for (int r = 0; r < 3; r++) {
      double off = c[r];
      for (int k = 0; k < 3; k++) {
        w[r][k] = m[k][r] / scaling[k];
        off -= m[k][r] * (c[k] / scaling[k] + translationMm[k]);
      }
      w[r][3] = off;
    }
    return a.inverse().multiply(Affine.of(w)).multiply(a);
  }

  /** ITK's Euler3D rotation {@code Rz Rx Ry} for angles in degrees. */
  static double[][] rotation(double[] degreesXyz) {
    double ax = Math.toRadians(degreesXyz[0]);
    double ay = Math.toRadians(degreesXyz[1]);
    double az = Math.toRadians(degreesXyz[2]);
    double[][] rx = {{1, 0, 0}, {0, Math.cos(ax), -Math.sin(ax)}, {0, Math.sin(ax), Math.cos(ax)}};
    double[][] ry = {{Math.cos(ay), 0, Math.sin(ay)}, {0, 1, 0}, {-Math.sin(ay), 0, Math.cos(ay)}};
    double[][] rz = {{Math.cos(az), -Math.sin(az), 0}, {Math.sin(az), Math.cos(az), 0}, {0, 0, 1}};
    return mul(rz, mul(rx, ry));
  }

  private static double[][] mul(double[][] p, double[][] q) {
    double[][] r = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 3; k++) {
          r[i][j] += p[i][k] * q[k][j];
        }
      }
    }
    return r;
  }

  private static double[] draw(double[] ranges, RandomGenerator random) {
    double[] v = new double[3];
    for (int a = 0; a < 3; a++) {
      double lo = ranges[2 * a];
      double hi = ranges[2 * a + 1];
      v[a] = lo + (hi - lo) * random.nextDouble();
    }
    return v;
  }

  /**
   * Parses a TorchIO range argument: 1 value {@code x} ({@code (centre - x, centre + x)} on every
   * axis), 2 values {@code (a, b)} (every axis), 3 values (symmetric per axis) or 6 values (a range
   * per axis).
   */
  static double[] ranges(String what, double centre, double... v) {
    double[] r = new double[6];
    switch (v.length) {
      case 1 -> {
        checkArgument(v[0] >= 0, "%s: a single value must be non-negative, got %s", what, v[0]);
        for (int a = 0; a < 3; a++) {
          r[2 * a] = centre - v[0];
          r[2 * a + 1] = centre + v[0];
        }
      }
      case 2 -> {
        for (int a = 0; a < 3; a++) {
          r[2 * a] = v[0];
          r[2 * a + 1] = v[1];
        }
      }
      case 3 -> {
        for (int a = 0; a < 3; a++) {
          checkArgument(
              v[a] >= 0,
              "%s: per-axis values must be non-negative, got %s",
              what,
              Doubles.asList(v));
          r[2 * a] = centre - v[a];
          r[2 * a + 1] = centre + v[a];
        }
      }
      case 6 -> System.arraycopy(v, 0, r, 0, 6);
      default ->
          throw new IllegalArgumentException(what + " needs 1, 2, 3 or 6 values, got " + v.length);
    }
    for (int a = 0; a < 3; a++) {
      checkArgument(
          r[2 * a] <= r[2 * a + 1] && Double.isFinite(r[2 * a]) && Double.isFinite(r[2 * a + 1]),
          "%s: range (%s, %s) of axis %s is not a finite interval with min <= max",
          what,
          r[2 * a],
          r[2 * a + 1],
          a);
    }
    return r;
  }

  /** Configures a {@link RandomAffine}. */
  public static final class Builder extends TransformBuilder<Builder> {
    private double[] scales = ranges("scales", 1, 0.1);
    private double[] degrees = ranges("degrees", 0, 10);
    private double[] translation = ranges("translation", 0, 0);
    private boolean isotropic;
    private boolean centreAtOrigin;
    private Double padValue;
    private int padLabel;

    private Builder() {}

    /** Scale ranges, TorchIO style: {@code x} means U(1-x, 1+x); see class doc (default 0.1). */
    public Builder scales(double... values) {
      scales = ranges("scales", 1, values);
      for (double v : scales) {
        checkArgument(v > 0, "scales must be positive, got %s", Doubles.asList(scales));
      }
      return this;
    }

    /** Rotation ranges in degrees: {@code d} means U(-d, d) (default 10). */
    public Builder degrees(double... values) {
      degrees = ranges("degrees", 0, values);
      return this;
    }

    /** Translation ranges in mm: {@code t} means U(-t, t) (default 0). */
    public Builder translation(double... values) {
      translation = ranges("translation", 0, values);
      return this;
    }

    /** Uses the first drawn scale on every axis. */
    public Builder isotropic() {
      isotropic = true;
      return this;
    }

    /** Rotates and scales about the world origin instead of the image centre. */
    public Builder centreAtOrigin() {
      centreAtOrigin = true;
      return this;
    }

    /** Fill value for scalar images (default: each image's minimum). */
    public Builder padValue(double value) {
      checkArgument(Double.isFinite(value), "pad value must be finite, got %s", value);
      padValue = value;
      return this;
    }

    /** Fill label for label maps (default 0). */
    public Builder padLabel(int label) {
      checkArgument(
          label >= 0 && label <= LabelMap.MAX_LABEL, "pad label must be in 0..255, got %s", label);
      padLabel = label;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    public RandomAffine build() {
      return new RandomAffine(this);
    }
  }
}
