package org.liverseg.transforms;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
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
 * own generator when it has one ({@link #seeded}), otherwise each transform's own. With {@link #p}
 * below 1 the whole composition runs with that probability (TorchIO's {@code Compose(..., p=)}):
 * one {@code nextDouble()} is drawn first and nothing runs when it is {@code >= p}.
 *
 * <pre>{@code
 * Transform preprocess = Compose.of(Clamp.builder().min(-100).max(400).build(),
 *     RescaleIntensity.builder().build(), CropOrPad.builder().target(256, 256, 64).build());
 * }</pre>
 */
public final class Compose implements Transform {

  private final ImmutableList<Transform> transforms;
  private final RandomGenerator random;
  private final double p;

  private Compose(List<Transform> transforms, RandomGenerator random, double p) {
    this.transforms = ImmutableList.copyOf(transforms);
    this.random = random;
    this.p = p;
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
    return new Compose(ImmutableList.copyOf(transforms), null, 1);
  }

  /**
   * This composition drawing from {@code new SplittableRandom(seed)} in {@link #apply(Subject)}.
   */
  public Compose seeded(long seed) {
    return new Compose(transforms, new SplittableRandom(seed), p);
  }

  /**
   * This composition applied as a whole with probability {@code probability} in [0, 1] (default 1);
   * below 1 it needs a generator ({@link #seeded} or {@link #apply(Subject, RandomGenerator)}).
   */
  public Compose p(double probability) {
    checkArgument(
        probability >= 0 && probability <= 1,
        "probability p must be in [0, 1], got %s",
        probability);
    return new Compose(transforms, random, probability);
  }

  /** The probability that the composition runs. */
  public double probability() {
    return p;
  }

  /** The transforms in order. */
  public ImmutableList<Transform> transforms() {
    return transforms;
  }

  @Override
  public Subject apply(Subject subject) {
    if (random == null) {
      checkState(
          p == 1,
          "Compose with p < 1 draws whether to run but has no generator:"
              + " use seeded(...) or apply(subject, random)");
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
    if (p < 1 && generator.nextDouble() >= p) {
      return subject;
    }
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
    return p < 1 || transforms.stream().anyMatch(Transform::isRandom);
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
