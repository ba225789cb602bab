package org.liverseg.transforms.spatial;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.liverseg.io.Image;
import org.liverseg.io.Subject;
import org.liverseg.transforms.AbstractTransform;
import org.liverseg.transforms.AppliedTransform;
import org.liverseg.transforms.TransformBuilder;

/**
 * Reverses the voxel order of every selected image along the given axes (0 = x, 1 = y, 2 = z), as
 * TorchIO's {@code Flip}: the affine is unchanged (an augmentation, so the anatomy moves in world
 * space). Its own inverse. See {@link RandomFlip} for the random version.
 *
 * <pre>{@code
 * Subject mirrored = Flip.builder().axes(0).build().apply(subject);
 * }</pre>
 */
public final class Flip extends AbstractTransform {

  private static final int[] IDENTITY = {0, 1, 2};

  private final ImmutableSortedSet<Integer> axes;

  private Flip(Builder b) {
    super(b);
    this.axes = b.axes;
  }

  /** Starts a builder (default: axis 0). */
  public static Builder builder() {
    return new Builder();
  }

  /** Flips one image along {@code axes}, keeping its affine. */
  public static Image flip(Image image, Iterable<Integer> axes) {
    boolean[] f = new boolean[3];
    for (int a : axes) {
      f[a] = true;
    }
    return Reorder.apply(image, IDENTITY, f, image.affine());
  }

  /** The flipped axes. */
  public ImmutableSortedSet<Integer> axes() {
    return axes;
  }

  @Override
  protected Subject transform(Subject subject, RandomGenerator random) {
    return flipSubject(this, subject, axes);
  }

  /** Flips the selected images of {@code subject} and records an invertible "Flip" step. */
  static Subject flipSubject(
      AbstractTransform t, Subject subject, ImmutableSortedSet<Integer> axes) {
    List<String> names = selectedOf(t, subject);
    Map<String, Image> changed = new LinkedHashMap<>();
    for (String n : names) {
      changed.put(n, axes.isEmpty() ? subject.image(n) : flip(subject.image(n), axes));
    }
    AppliedTransform record =
        AppliedTransform.invertible(
            "Flip",
            ImmutableMap.of("axes", ImmutableList.copyOf(axes)),
            names,
            subject.images().keySet(),
            image -> axes.isEmpty() ? image : flip(image, axes));
    return replaceImages(subject, changed, record);
  }

  private static List<String> selectedOf(AbstractTransform t, Subject s) {
    return t instanceof Flip f ? f.selectedNames(s) : ((RandomFlip) t).names(s);
  }

  static Subject replaceImages(
      Subject subject, Map<String, Image> changed, AppliedTransform record) {
    return replace(subject, changed, record);
  }

  static ImmutableSortedSet<Integer> checkAxes(int... axes) {
    ImmutableSortedSet.Builder<Integer> b = ImmutableSortedSet.naturalOrder();
    for (int a : axes) {
      checkArgument(a >= 0 && a <= 2, "flip axes must be 0 (x), 1 (y) or 2 (z), got %s", a);
      b.add(a);
    }
    return b.build();
  }

  /** Configures a {@link Flip}. */
  public static final class Builder extends TransformBuilder<Builder> {
    private ImmutableSortedSet<Integer> axes = ImmutableSortedSet.of(0);

    private Builder() {}

    /** The axes to flip (0 = x, 1 = y, 2 = z). */
    public Builder axes(int... values) {
      axes = checkAxes(values);
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    public Flip build() {
      return new Flip(this);
    }
  }
}
