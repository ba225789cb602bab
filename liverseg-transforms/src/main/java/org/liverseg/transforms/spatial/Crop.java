package org.liverseg.transforms.spatial;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import java.util.random.RandomGenerator;
import org.liverseg.io.Image;
import org.liverseg.io.Subject;
import org.liverseg.transforms.TransformBuilder;

/**
 * Removes voxels at the sides of each axis, as TorchIO's {@code Crop}. Cropping an axis entirely is
 * an error naming the subject and the axis.
 *
 * <p>Affine: only the origin moves, to the world position of input voxel {@code (x_ini, y_ini,
 * z_ini)}; every kept voxel keeps its world position. Invertible: the inverse pads back with 0 and
 * restores the input affine exactly.
 *
 * <pre>{@code
 * Subject cropped = Crop.of(10, 10, 0).apply(subject);
 * }</pre>
 */
public final class Crop extends WindowTransform {

  private final Bounds cropping;

  private Crop(Builder b) {
    super(b);
    this.cropping = requireNonNull(b.cropping, "Crop needs cropping(...) amounts");
  }

  /** Starts a builder (cropping is required). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Cropping of 1, 3 or 6 amounts as TorchIO parses them (see {@link Bounds#of}): {@code
   * builder().cropping(values).build()}.
   */
  public static Crop of(int... values) {
    return builder().cropping(values).build();
  }

  /** Crops one image; the origin moves so that every kept voxel keeps its world position. */
  public static Image crop(Image image, Bounds cropping) {
    int[] offset = WindowTransform.offset(Bounds.NONE, cropping);
    return Window.apply(
        image, offset, outputShape(image.shape(), Bounds.NONE, cropping, "crop"), PaddingMode.ZERO);
  }

  /** The cropping amounts. */
  public Bounds cropping() {
    return cropping;
  }

  @Override
  protected Subject transform(Subject subject, RandomGenerator random) {
    return window(subject, Bounds.NONE, cropping, PaddingMode.ZERO, ImmutableMap.of());
  }

  /** Configures a {@link Crop}. */
  public static final class Builder extends TransformBuilder<Builder> {
    private Bounds cropping;

    private Builder() {}

    /** Cropping as TorchIO parses it: 1, 3 or 6 non-negative values (see {@link Bounds#of}). */
    public Builder cropping(int... values) {
      return cropping(Bounds.of(values));
    }

    /** Cropping amounts per side. */
    public Builder cropping(Bounds bounds) {
      cropping = requireNonNull(bounds, "bounds");
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    public Crop build() {
      return new Crop(this);
    }
  }
}
