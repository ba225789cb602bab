package org.liverseg.transforms.label;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.liverseg.io.Image;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.Subject;
import org.liverseg.transforms.AbstractTransform;
import org.liverseg.transforms.AppliedTransform;
import org.liverseg.transforms.TransformBuilder;

/**
 * Turns a single-channel label map into a one-hot label map with one 0/1 channel per class, as
 * TorchIO's {@code OneHot}: channel {@code c} is 1 where the label is {@code c}. The number of
 * classes defaults to the largest label + 1; a label at or above a given number of classes is an
 * error naming the image.
 *
 * <pre>{@code
 * Transform oneHot = OneHot.builder().numClasses(3).build();
 * }</pre>
 */
public final class OneHot extends AbstractTransform {

  private final int numClasses;

  private OneHot(Builder b) {
    super(b);
    this.numClasses = b.numClasses;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected Subject transform(Subject subject, RandomGenerator random) {
    List<String> names =
        selectedNames(subject).stream().filter(n -> subject.image(n) instanceof LabelMap).toList();
    Map<String, Image> changed = new LinkedHashMap<>();
    for (String n : names) {
      LabelMap l = subject.labelMap(n);
      checkArgument(
          l.channels() == 1,
          "OneHot: label map '%s' of subject %s has %s channels; it needs 1",
          n,
          subject.id(),
          l.channels());
      byte[] in = l.labels();
      int max = 0;
      for (byte b : in) {
        max = Math.max(max, b & 0xFF);
      }
      int k = numClasses > 0 ? numClasses : max + 1;
      checkArgument(
          max < k,
          "OneHot: label map '%s' of subject %s has label %s but numClasses is %s",
          n,
          subject.id(),
          max,
          k);
      byte[] out = new byte[in.length * k];
      for (int i = 0; i < in.length; i++) {
        out[(in[i] & 0xFF) * in.length + i] = 1;
      }
      changed.put(n, LabelMap.of(new ImageGeometry(l.shape(), k, l.affine()), out));
    }
    return replace(
        subject,
        changed,
        AppliedTransform.of(
            name(), ImmutableMap.of("num_classes", numClasses), names, subject.images().keySet()));
  }

  /** Configures a {@link OneHot}. */
  public static final class Builder extends TransformBuilder<Builder> {
    private int numClasses = -1;

    private Builder() {}

    /** The number of classes (channels), at least 1; default: largest label + 1. */
    public Builder numClasses(int n) {
      checkArgument(
          n >= 1 && n <= LabelMap.MAX_LABEL + 1, "numClasses must be in 1..256, got %s", n);
      numClasses = n;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    public OneHot build() {
      return new OneHot(this);
    }
  }
}
