package org.liverseg.transforms.spatial;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import java.util.random.RandomGenerator;
import org.liverseg.io.Subject;
import org.liverseg.transforms.AbstractTransform;
import org.liverseg.transforms.TransformBuilder;

/**
 * Flips each listed axis with probability {@code flipProbability}, as TorchIO's {@code RandomFlip}:
 * default axes {0} only, probability 0.5; the affine is unchanged. It draws three {@code
 * nextDouble()}s (one per axis, as TorchIO draws {@code torch.rand(3)}) and records a "Flip" step
 * with the flipped axes, which {@link org.liverseg.transforms.Transforms#inverse} undoes. Axes may
 * be named anatomically ({@code "LR"}, {@code "AP"}, {@code "IS"}...), resolved against each
 * subject's orientation as {@link Flip} describes.
 *
 * <pre>{@code
 * Transform flip = RandomFlip.builder().axes(0, 1).flipProbability(0.5).build();
 * }</pre>
 */
public final class RandomFlip extends AbstractTransform {

  private final ImmutableSortedSet<Integer> axes;
  private final ImmutableList<String> axisNames;
  private final double flipProbability;

  private RandomFlip(Builder b) {
    super(b);
    this.axes = b.axes;
    this.axisNames = b.axisNames;
    this.flipProbability = b.flipProbability;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected boolean drawsParameters() {
    return true;
  }

  @Override
  protected Subject transform(Subject subject, RandomGenerator random) {
    ImmutableSortedSet<Integer> candidates = Flip.resolve(axes, axisNames, subject);
    ImmutableSortedSet.Builder<Integer> flipped = ImmutableSortedSet.naturalOrder();
    for (int a = 0; a < 3; a++) {
      boolean hit = random.nextDouble() < flipProbability;
      if (hit && candidates.contains(a)) {
        flipped.add(a);
      }
    }
    return Flip.flipSubject(this, subject, flipped.build());
  }

  ImmutableList<String> names(Subject s) {
    return selectedNames(s);
  }

  /** Configures a {@link RandomFlip}. */
  public static final class Builder extends TransformBuilder<Builder> {
    private ImmutableSortedSet<Integer> axes = ImmutableSortedSet.of(0);
    private ImmutableList<String> axisNames = ImmutableList.of();
    private double flipProbability = 0.5;

    private Builder() {}

    /** The axes that may be flipped (0 = x, 1 = y, 2 = z; default 0). */
    public Builder axes(int... values) {
      axes = Flip.checkAxes(values);
      axisNames = ImmutableList.of();
      return this;
    }

    /** The axes that may be flipped, by anatomical name ({@code "LR"}, {@code "AP"}...). */
    public Builder axes(String... names) {
      axisNames = Flip.checkNames(names);
      axes = ImmutableSortedSet.of();
      return this;
    }

    /** The probability that each listed axis is flipped (default 0.5). */
    public Builder flipProbability(double probability) {
      checkArgument(
          probability >= 0 && probability <= 1,
          "flip probability must be in [0, 1], got %s",
          probability);
      flipProbability = probability;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    public RandomFlip build() {
      return new RandomFlip(this);
    }
  }
}
