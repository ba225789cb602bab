package org.liverseg.transforms.spatial;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.primitives.Doubles;
import java.util.ArrayList;
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
import org.liverseg.transforms.TransformBuilder;

/**
 * Resamples every selected image onto a new grid, as TorchIO's {@code Resample}: scalar images
 * trilinearly, label maps by nearest neighbour, voxels outside the input 0 (ITK boundary rules, see
 * {@link Resampler}).
 *
 * <p>To a spacing {@code s'} (mm), TorchIO 0.20's rule ({@code Resample.get_reference_image}): per
 * axis with old spacing {@code s} (the affine's column norm) and size {@code n}, the new size is
 * {@code n' = floor(n s / s')}, and 1 for an axis of size 1; the directions are kept, the new
 * spacing is {@code s'}, and the grid is centred on the old one: the world centre {@code c} of the
 * first and last voxel centres stays where it was, so the new origin is {@code c - D diag(s') (n' -
 * 1) / 2} ({@code D} the unit direction columns). The new field of view is at most the old one, so
 * nothing is extrapolated. One deviation: the floor is taken of the exact ratio, with a relative
 * tolerance of 1e-9 for floating-point noise, where TorchIO floors its float64 product directly and
 * so can lose a voxel to rounding (96 voxels of 0.7 mm resampled to 0.7 mm give 96 here, 95 in
 * TorchIO). An axis that would get no voxel at all is an error.
 *
 * <p>To a reference (TorchIO's {@code target} as an image or {@code (shape, affine)}): the output
 * is the reference's shape and affine, given as an image of the subject by name, an image, or an
 * explicit geometry.
 *
 * <p>Invertible: the inverse resamples back onto the input grid (lossy; labels stay labels).
 *
 * <pre>{@code
 * Subject iso = Resample.builder().spacing(1.5).build().apply(subject);
 * Subject onCt = Resample.builder().reference("ct").build().apply(subject);
 * }</pre>
 */
public final class Resample extends AbstractTransform {

  private final double[] spacing;
  private final String referenceName;
  private final Shape referenceShape;
  private final Affine referenceAffine;

  private Resample(Builder b) {
    super(b);
    int set =
        (b.spacing != null ? 1 : 0)
            + (b.referenceName != null ? 1 : 0)
            + (b.referenceShape != null ? 1 : 0);
    checkArgument(
        set == 1,
        "Resample needs exactly one target: spacing(...), reference(name) or reference(shape, affine)");
    this.spacing = b.spacing;
    this.referenceName = b.referenceName;
    this.referenceShape = b.referenceShape;
    this.referenceAffine = b.referenceAffine;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Resamples to a spacing in mm, one value (isotropic) or three (TorchIO's {@code
   * Resample(target)}): {@code builder().spacing(mm).build()}.
   */
  public static Resample to(double... mm) {
    return builder().spacing(mm).build();
  }

  /**
   * The grid (shape and affine) TorchIO resamples an image of this geometry to at {@code
   * newSpacing} (x, y, z in mm): see the class doc.
   *
   * @throws IllegalArgumentException if an axis would get no voxel
   */
  public static Map.Entry<Shape, Affine> gridForSpacing(
      Shape shape, Affine affine, double[] newSpacing) {
    checkArgument(newSpacing.length == 3, "need 3 spacings, got %s", newSpacing.length);
    double[] old = affine.spacing();
    double[][] m = affine.toArray();
    int[] size = new int[3];
    double[][] n = new double[4][4];
    n[3][3] = 1;
    for (int a = 0; a < 3; a++) {
      checkArgument(
          newSpacing[a] > 0 && Double.isFinite(newSpacing[a]),
          "spacing must be positive and finite, got %s",
          Doubles.asList(newSpacing));
      double exact = shape.get(a) * old[a] / newSpacing[a];
      size[a] = shape.get(a) == 1 ? 1 : (int) Math.min(Math.floor(exact * (1 + 1e-9)), 1 << 30);
      checkArgument(
          size[a] > 0,
          "resampling axis %s of %s voxels at %s mm to %s mm leaves no voxel (floor(%s) = 0)",
          a,
          shape.get(a),
          old[a],
          newSpacing[a],
          exact);
      for (int r = 0; r < 3; r++) {
        n[r][a] = m[r][a] / old[a] * newSpacing[a];
      }
    }
    double[] first = affine.apply(0, 0, 0);
    double[] last = affine.apply(shape.x() - 1, shape.y() - 1, shape.z() - 1);
    for (int r = 0; r < 3; r++) {
      double centre = (first[r] + last[r]) / 2;
      double half = 0;
      for (int a = 0; a < 3; a++) {
        half += n[r][a] * (size[a] - 1) / 2.0;
      }
      n[r][3] = centre - half;
    }
    return Map.entry(Shape.of(size), Affine.of(n));
  }

  @Override
  protected Subject transform(Subject subject, RandomGenerator random) {
    Shape inShape = subject.shape();
    Affine inAffine = subject.affine();
    Shape outShape;
    Affine outAffine;
    if (spacing != null) {
      Map.Entry<Shape, Affine> grid = gridForSpacing(inShape, inAffine, spacing);
      outShape = grid.getKey();
      outAffine = grid.getValue();
    } else if (referenceName != null) {
      Image ref = subject.image(referenceName);
      outShape = ref.shape();
      outAffine = ref.affine();
    } else {
      outShape = referenceShape;
      outAffine = referenceAffine;
    }
    List<String> names = selectedNames(subject);
    Map<String, Image> changed = new LinkedHashMap<>();
    List<Image> images = new ArrayList<>();
    names.forEach(n -> images.add(subject.image(n)));
    if (!images.isEmpty()) {
      List<Image> out = resample(images, inAffine, outShape, outAffine);
      for (int i = 0; i < names.size(); i++) {
        changed.put(names.get(i), out.get(i));
      }
    }
    Map<String, Object> params = new LinkedHashMap<>();
    if (spacing != null) {
      params.put("target_spacing", ImmutableList.copyOf(Doubles.asList(spacing)));
    } else if (referenceName != null) {
      params.put("target", referenceName);
    }
    params.put("output_shape", ImmutableList.of(outShape.x(), outShape.y(), outShape.z()));
    params.put("output_affine", outAffine.toString());
    AppliedTransform record =
        AppliedTransform.invertible(
            name(),
            params,
            names,
            subject.images().keySet(),
            image -> resample(List.of(image), image.affine(), inShape, inAffine).get(0));
    return replace(subject, changed, record);
  }

  /**
   * Resamples images of affine {@code from} onto the grid {@code (shape, affine)}; outside is 0.
   */
  static List<Image> resample(List<Image> images, Affine from, Shape shape, Affine affine) {
    return Resampler.resample(
        images,
        Resampler.affineMap(Resampler.voxelToVoxel(from, affine)),
        shape,
        affine,
        new double[images.size()]);
  }

  /** Configures a {@link Resample}. */
  public static final class Builder extends TransformBuilder<Builder> {
    private double[] spacing;
    private String referenceName;
    private Shape referenceShape;
    private Affine referenceAffine;

    private Builder() {}

    /** Target spacing in mm: one value (isotropic) or three (x, y, z), all positive. */
    public Builder spacing(double... values) {
      checkArgument(
          values.length == 1 || values.length == 3,
          "spacing needs 1 or 3 values, got %s",
          values.length);
      double[] s =
          values.length == 1 ? new double[] {values[0], values[0], values[0]} : values.clone();
      for (double v : s) {
        checkArgument(
            v > 0 && Double.isFinite(v),
            "spacing must be positive, got %s",
            Doubles.asList(values));
      }
      spacing = s;
      return this;
    }

    /** Resamples onto the grid of the subject's image with this name. */
    public Builder reference(String imageName) {
      referenceName = requireNonNull(imageName, "imageName");
      return this;
    }

    /**
     * Resamples onto the grid (shape and affine) of {@code image}, e.g. an image of another
     * subject.
     */
    public Builder reference(Image image) {
      requireNonNull(image, "image");
      return reference(image.shape(), image.affine());
    }

    /** Resamples onto an explicit grid. */
    public Builder reference(Shape shape, Affine affine) {
      referenceShape = requireNonNull(shape, "shape");
      referenceAffine = requireNonNull(affine, "affine");
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    public Resample build() {
      return new Resample(this);
    }
  }
}
