package org.liverseg.transforms;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.liverseg.io.Subject;

/**
 * Applies transforms one after the other, as TorchIO's {@code Compose}; each records itself in the
 * subject's history. {@code apply(subject, random)} passes the same generator to every transform in
 * turn, so one seed reproduces the whole pipeline. {@code apply(subject)} uses the composition's
 * own generator when it has one ({@link #seeded}), otherwise each transform's own.
 *
 * <pre>{@code
 * Transform preprocess = Compose.of(Clamp.builder().min(-100).max(400).build(),
 *     RescaleIntensity.builder().build(), CropOrPad.builder().target(256, 256, 64).build());
 * }</pre>
 */
public final class Compose implements Transform {

  private final ImmutableList<Transform> transforms;
  private final RandomGenerator random;

  private Compose(List<Transform> transforms, RandomGenerator random) {
    this.transforms = ImmutableList.copyOf(transforms);
    this.random = random;
  }

  /** The transforms in order (none is allowed: the identity). */
  public static Compose of(Transform... transforms) {
    return of(List.of(transforms));
  }

  /** The transforms in order. */
  public static Compose of(List<? extends Transform> transforms) {
    for (Transform t : transforms) {
      requireNonNull(t, "a transform in Compose is null");
    }
    return new Compose(ImmutableList.copyOf(transforms), null);
  }

  /**
   * This composition drawing from {@code new SplittableRandom(seed)} in {@link #apply(Subject)}.
   */
  public Compose seeded(long seed) {
    return new Compose(transforms, new SplittableRandom(seed));
  }

  /** The transforms in order. */
  public ImmutableList<Transform> transforms() {
    return transforms;
  }

  @Override
  public Subject apply(Subject subject) {
    if (random == null) {
      Subject s = subject;
      for (Transform t : transforms) {
        s = t.apply(s);
      }
      return s;
    }
    long seed;
    synchronized (random) {
      seed = random.nextLong();
    }
    return apply(subject, new SplittableRandom(seed));
  }

  @Override
  public Subject apply(Subject subject, RandomGenerator generator) {
    Subject s = subject;
    for (Transform t : transforms) {
      s = t.apply(s, generator);
    }
    return s;
  }

  @Override
  public String name() {
    return "Compose";
  }

  @Override
  public boolean isRandom() {
    return transforms.stream().anyMatch(Transform::isRandom);
  }

  @Override
  public String toString() {
    return "Compose" + transforms.stream().map(Transform::name).toList();
  }

  /** Checks a weight for {@link OneOf}. */
  static void checkWeight(double w) {
    checkArgument(
        w > 0 && Double.isFinite(w), "OneOf weights must be positive and finite, got %s", w);
  }
}
