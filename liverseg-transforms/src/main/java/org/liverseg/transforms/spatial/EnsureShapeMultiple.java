package org.liverseg.transforms.spatial;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.TransformBuilder;

/**
 * Pads (default) or crops every image, centred, so that each extent is a multiple of the given
 * number, as TorchIO's {@code EnsureShapeMultiple}: target {@code ceil(n / m) * m} (or {@code
 * floor} when cropping, at least 1), then {@link CropOrPad}'s centre rule with constant 0 padding.
 * A U-Net with {@code k} poolings needs multiples of {@code 2^k}. Invertible like {@link
 * CropOrPad}.
 *
 * <pre>{@code
 * Subject fits = EnsureShapeMultiple.builder().multiple(16).build().apply(subject);
 * }</pre>
 */
public final class EnsureShapeMultiple extends WindowTransform {

  private final int[] multiple;
  private final boolean crop;

  private EnsureShapeMultiple(Builder b) {
    super(b);
    checkArgument(b.multiple != null, "EnsureShapeMultiple needs multiple(...)");
    this.multiple = b.multiple;
    this.crop = b.crop;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The shape an input of {@code shape} is brought to. */
  public Shape targetFor(Shape shape) {
    int[] t = new int[3];
    for (int a = 0; a < 3; a++) {
      int n = shape.get(a);
      int m = multiple[a];
      int ratio = crop ? n / m : (n + m - 1) / m;
      t[a] = Math.max(ratio * m, 1);
    }
    return Shape.of(t);
  }

  @Override
  protected Subject transform(Subject subject, RandomGenerator random) {
    Shape target = targetFor(subject.shape());
    CropOrPad.Plan plan = CropOrPad.centrePlan(subject.shape(), target);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("target_multiple", ImmutableList.of(multiple[0], multiple[1], multiple[2]));
    params.put("method", crop ? "crop" : "pad");
    return window(subject, plan.padding(), plan.cropping(), PaddingMode.ZERO, params);
  }

  /** Configures an {@link EnsureShapeMultiple}. */
  public static final class Builder extends TransformBuilder<Builder> {
    private int[] multiple;
    private boolean crop;

    private Builder() {}

    /** The multiple: one value for every axis or three (x, y, z), all positive. */
    public Builder multiple(int... values) {
      checkArgument(
          values.length == 1 || values.length == 3,
          "multiple needs 1 or 3 values, got %s",
          Arrays.toString(values));
      int[] m = values.length == 1 ? new int[] {values[0], values[0], values[0]} : values.clone();
      for (int v : m) {
        checkArgument(v > 0, "multiple must be positive, got %s", Arrays.toString(values));
      }
      multiple = m;
      return this;
    }

    /** Crops down to the multiple instead of padding up. */
    public Builder crop() {
      crop = true;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    public EnsureShapeMultiple build() {
      return new EnsureShapeMultiple(this);
    }
  }
}
