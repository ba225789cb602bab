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
 * <p>Axes may also be named anatomically, as in TorchIO, when the orientation of the images is not
 * known in advance: {@code "LR"}, {@code "AP"}, {@code "IS"}, {@code "Left"}, {@code "anterior"},
 * {@code "S"}... Only the first letter counts (any case); it names the voxel axis whose orientation
 * code letter ({@link org.liverseg.io.Affine#orientation()}, e.g. {@code "RAS"} or {@code "LPS"})
 * is that letter or its opposite (L/R, A/P, I/S). {@code "T"}/{@code "B"} (top, bottom) name axis
 * 1, as TorchIO does for 2D images. Names are resolved against each subject's orientation when the
 * transform runs, and the history records the resolved axis numbers.
 *
 * <pre>{@code
 * Subject mirrored = Flip.builder().axes(0).build().apply(subject);
 * Subject leftRight = Flip.builder().axes("LR").build().apply(subject);
 * }</pre>
 */
public final class Flip extends AbstractTransform {

  private static final int[] IDENTITY = {0, 1, 2};

  private static final String OPPOSITES = "LRPAISTBDV";

  private final ImmutableSortedSet<Integer> axes;
  private final ImmutableList<String> axisNames;

  private Flip(Builder b) {
    super(b);
    this.axes = b.axes;
    this.axisNames = b.axisNames;
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

  /** The flipped axes given as numbers (empty when they were given by name). */
  public ImmutableSortedSet<Integer> axes() {
    return axes;
  }

  /** The flipped axes given by anatomical name (empty when they were given as numbers). */
  public ImmutableList<String> axisNames() {
    return axisNames;
  }

  @Override
  protected Subject transform(Subject subject, RandomGenerator random) {
    return flipSubject(this, subject, resolve(axes, axisNames, subject));
  }

  /**
   * The voxel axis an anatomical name refers to in an image of orientation code {@code orientation}
   * (TorchIO's {@code Image.axis_name_to_index}).
   *
   * @throws IllegalArgumentException if the name's first letter is not an axis of that orientation
   */
  public static int axisOf(String name, String orientation) {
    checkArgument(!name.isEmpty(), "an anatomical axis name is empty");
    char letter = Character.toUpperCase(name.charAt(0));
    if (letter == 'T' || letter == 'B') {
      return 1;
    }
    int i = orientation.indexOf(letter);
    int o = OPPOSITES.indexOf(letter);
    if (i < 0 && o >= 0) {
      i = orientation.indexOf(OPPOSITES.charAt(o ^ 1));
    }
    checkArgument(
        i >= 0,
        "axis name \"%s\" names no axis of an image in %s orientation;"
            + " use L/R, A/P or I/S (e.g. \"LR\", \"Anterior\")",
        name,
        orientation);
    return i;
  }

  /** The numeric axes, or the named ones resolved against the subject's orientation. */
  static ImmutableSortedSet<Integer> resolve(
      ImmutableSortedSet<Integer> axes, ImmutableList<String> names, Subject subject) {
    if (names.isEmpty()) {
      return axes;
    }
    String orientation = subject.affine().orientation();
    ImmutableSortedSet.Builder<Integer> b = ImmutableSortedSet.naturalOrder();
    for (String n : names) {
      b.add(axisOf(n, orientation));
    }
    return b.build();
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

  static ImmutableList<String> checkNames(String... names) {
    for (String n : names) {
      checkArgument(
          n != null && !n.isEmpty(), "anatomical axis names must not be empty, got %s", n);
    }
    return ImmutableList.copyOf(names);
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
    private ImmutableList<String> axisNames = ImmutableList.of();

    private Builder() {}

    /** The axes to flip (0 = x, 1 = y, 2 = z). */
    public Builder axes(int... values) {
      axes = checkAxes(values);
      axisNames = ImmutableList.of();
      return this;
    }

    /** The axes to flip by anatomical name ({@code "LR"}, {@code "AP"}, {@code "IS"}...). */
    public Builder axes(String... names) {
      axisNames = checkNames(names);
      axes = ImmutableSortedSet.of();
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
