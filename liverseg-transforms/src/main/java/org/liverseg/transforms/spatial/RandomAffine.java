package org.liverseg.transforms.spatial;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

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
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.AbstractTransform;
import org.liverseg.transforms.AppliedTransform;
import org.liverseg.transforms.Ranges;
import org.liverseg.transforms.TransformBuilder;

/**
 * Random scaling, rotation and translation about the image centre, as TorchIO's {@code
 * RandomAffine} (which resamples with SimpleITK). Per axis it draws a scale, an angle in degrees
 * and a translation in millimetres, uniformly from their ranges (defaults: scales U(0.9, 1.1),
 * degrees U(-10, 10), no translation), in that order, 3 draws each. Ranges follow TorchIO's {@code
 * parse_params} ({@link Ranges#perAxis}): one value {@code x} means {@code (1 - x, 1 + x)} for
 * scales and {@code (-x, x)} for degrees and translation, on every axis ({@code scales(1.0)} is
 * U(0, 2)); two values one range for every axis; three values one {@code x} per axis; six values a
 * range per axis. Scale ranges may not go below 0. {@link Builder#isotropic()} uses the first drawn
 * scale on every axis and, as in TorchIO, takes only 1 or 2 scale values.
 *
 * <p>Geometry (RAS+ world, {@code c} = world position of the centre voxel index {@code (n-1)/2}, or
 * the world origin with {@code centreAtOrigin()}): the forward transform is {@code T(p) = S(R(p))}
 * with {@code R(p) = Rz Rx Ry (p - c) + c + t} (ITK's Euler order; TorchIO's LPS sign flips cancel
 * out in RAS) and {@code S(q) = c + s * (q - c)}. Output voxel {@code v} samples the input at
 * {@code A^-1 T^-1 A v}, so a scale above 1 makes objects look larger and a translation {@code t}
 * moves them by {@code +t}. On an image with one slice (depth 1) the z scale is taken as 1 and the
 * x and y rotations as 0, as TorchIO does for 2D images (the drawn values are recorded). The grid
 * and affine are unchanged. Scalar images are interpolated trilinearly and each channel is padded
 * with its own {@link PadValue} (default: the channel's minimum; or the border mean, the Otsu
 * border mean, a number); label maps use nearest neighbour and are padded with {@code padLabel}
 * (default 0), so they only hold labels they had. Identity parameters give the input voxels
 * exactly. Not invertible (skipped by {@link org.liverseg.transforms.Transforms#inverse}).
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
  private final PadValue padValue;
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
    double[] s = Ranges.uniformPerAxis(random, scales);
    if (isotropic) {
      s[1] = s[0];
      s[2] = s[0];
    }
    double[] d = Ranges.uniformPerAxis(random, degrees);
    double[] t = Ranges.uniformPerAxis(random, translation);
    return apply(subject, s, d, t);
  }

  /**
   * Applies fixed parameters (what the random version does after drawing them); on an image of
   * depth 1 the z scale is taken as 1 and the x and y rotations as 0.
   */
  public Subject apply(
      Subject subject, double[] scaling, double[] degreesXyz, double[] translationMm) {
    List<String> names = selectedNames(subject);
    Affine a = subject.affine();
    Shape shape = subject.shape();
    double[] s = scaling.clone();
    double[] d = degreesXyz.clone();
    if (shape.z() == 1) {
      s[2] = 1;
      d[0] = 0;
      d[1] = 0;
    }
    Affine map = voxelMap(a, shape, s, d, translationMm, centreAtOrigin);
    List<Image> images = new ArrayList<>();
    double[][] fills = new double[names.size()][];
    for (int i = 0; i < names.size(); i++) {
      Image im = subject.image(names.get(i));
      images.add(im);
      if (im instanceof ScalarImage scalar) {
        fills[i] = padValue.perChannel(scalar);
      } else {
        fills[i] = new double[im.channels()];
        Arrays.fill(fills[i], padLabel);
      }
    }
    Map<String, Image> changed = new LinkedHashMap<>();
    if (!names.isEmpty()) {
      List<Image> out =
          Resampler.resamplePerChannel(images, Resampler.affineMap(map), shape, a, fills);
      for (int i = 0; i < names.size(); i++) {
        changed.put(names.get(i), out.get(i));
      }
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("scales", ImmutableList.copyOf(Doubles.asList(scaling)));
    params.put("degrees", ImmutableList.copyOf(Doubles.asList(degreesXyz)));
    params.put("translation", ImmutableList.copyOf(Doubles.asList(translationMm)));
    params.put("center", centreAtOrigin ? "origin" : "image");
    params.put("default_pad_value", padValue.recorded());
    params.put("default_pad_label", padLabel);
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

  /** Configures a {@link RandomAffine}. */
  public static final class Builder extends TransformBuilder<Builder> {
    private double[] scales = Ranges.perAxis("scales", new double[] {0.1}, 1.0, 0.0);
    private int scaleValues = 1;
    private double[] degrees = Ranges.perAxis("degrees", new double[] {10}, 0.0, null);
    private double[] translation = Ranges.perAxis("translation", new double[] {0}, 0.0, null);
    private boolean isotropic;
    private boolean centreAtOrigin;
    private PadValue padValue = PadValue.minimum();
    private int padLabel;

    private Builder() {}

    /**
     * Scale ranges, TorchIO style: {@code x} means U(1-x, 1+x) on every axis (default 0.1); see the
     * class doc for 2, 3 and 6 values. No range may go below 0.
     */
    public Builder scales(double... values) {
      scales = Ranges.perAxis("scales", values, 1.0, 0.0);
      scaleValues = values.length;
      return this;
    }

    /** Rotation ranges in degrees: {@code d} means U(-d, d) (default 10). */
    public Builder degrees(double... values) {
      degrees = Ranges.perAxis("degrees", values, 0.0, null);
      return this;
    }

    /** Translation ranges in mm: {@code t} means U(-t, t) (default 0). */
    public Builder translation(double... values) {
      translation = Ranges.perAxis("translation", values, 0.0, null);
      return this;
    }

    /** Uses the first drawn scale on every axis (needs 1 or 2 scale values, as in TorchIO). */
    public Builder isotropic() {
      isotropic = true;
      return this;
    }

    /** Rotates and scales about the world origin instead of the image centre. */
    public Builder centreAtOrigin() {
      centreAtOrigin = true;
      return this;
    }

    /** Fill for scalar images, per channel (default {@link PadValue#minimum()}). */
    public Builder padValue(PadValue value) {
      padValue = requireNonNull(value, "value");
      return this;
    }

    /** Shorthand for {@code padValue(PadValue.constant(value))}. */
    public Builder padValue(double value) {
      return padValue(PadValue.constant(value));
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
      checkArgument(
          !isotropic || scaleValues <= 2,
          "isotropic scaling takes 1 or 2 scale values (one range for all axes), got %s",
          scaleValues);
      return new RandomAffine(this);
    }
  }
}
