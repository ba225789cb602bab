package org.liverseg.transforms.spatial;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import java.util.random.RandomGenerator;
import org.liverseg.io.Image;
import org.liverseg.io.Subject;
import org.liverseg.transforms.TransformBuilder;

/**
 * Adds voxels at the sides of each axis, as TorchIO's {@code Pad}: {@code Bounds} amounts per side,
 * filled as the {@link PaddingMode} says (default constant 0, for label maps too).
 *
 * <p>Affine: only the origin moves, to the world position of input voxel {@code (-x_ini, -y_ini,
 * -z_ini)}, i.e. {@code new_origin = A * (-ini, 1)}; so every input voxel keeps its world position.
 * Invertible: the inverse crops the padding away and restores the input affine exactly.
 *
 * <pre>{@code
 * Subject padded = Pad.builder().padding(8).mode(PaddingMode.EDGE).build().apply(subject);
 * Image one = Pad.pad(ct, Bounds.of(2, 1, 0, 0, 4, 4), PaddingMode.MINIMUM);
 * }</pre>
 */
public final class Pad extends WindowTransform {

  private final Bounds padding;
  private final PaddingMode mode;

  private Pad(Builder b) {
    super(b);
    this.padding = requireNonNull(b.padding, "Pad needs padding(...) amounts");
    this.mode = b.mode;
  }

  /** Starts a builder (padding is required; mode defaults to {@link PaddingMode#ZERO}). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Zero padding of 1, 3 or 6 amounts as TorchIO parses them (see {@link Bounds#of}): {@code
   * builder().padding(values).build()}.
   */
  public static Pad of(int... values) {
    return builder().padding(values).build();
  }

  /**
   * Pads one image by {@code padding} filled by {@code mode}; the origin moves so that every input
   * voxel keeps its world position.
   */
  public static Image pad(Image image, Bounds padding, PaddingMode mode) {
    int[] offset = WindowTransform.offset(padding, Bounds.NONE);
    return Window.apply(
        image, offset, outputShape(image.shape(), padding, Bounds.NONE, "pad"), mode);
  }

  /** The padding amounts. */
  public Bounds padding() {
    return padding;
  }

  /** The padding mode. */
  public PaddingMode mode() {
    return mode;
  }

  @Override
  protected Subject transform(Subject subject, RandomGenerator random) {
    return window(subject, padding, Bounds.NONE, mode, ImmutableMap.of());
  }

  /** Configures a {@link Pad}. */
  public static final class Builder extends TransformBuilder<Builder> {
    private Bounds padding;
    private PaddingMode mode = PaddingMode.ZERO;

    private Builder() {}

    /** Padding as TorchIO parses it: 1, 3 or 6 non-negative values (see {@link Bounds#of}). */
    public Builder padding(int... values) {
      return padding(Bounds.of(values));
    }

    /** Padding amounts per side. */
    public Builder padding(Bounds bounds) {
      padding = requireNonNull(bounds, "bounds");
      return this;
    }

    /** How new voxels are filled (default constant 0). */
    public Builder mode(PaddingMode paddingMode) {
      mode = requireNonNull(paddingMode, "paddingMode");
      return this;
    }

    /** The mode in TorchIO's spelling, e.g. {@code "edge"} or {@code "-1000"}. */
    public Builder mode(String paddingMode) {
      return mode(PaddingMode.parse(paddingMode));
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    public Pad build() {
      return new Pad(this);
    }
  }
}
