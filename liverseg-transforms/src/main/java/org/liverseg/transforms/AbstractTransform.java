package org.liverseg.transforms;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.liverseg.io.Image;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Subject;

/**
 * Base of the concrete transforms: checks the include/exclude names against the subject, applies
 * the probability {@code p}, and offers helpers to replace images and record the application.
 * Subclasses implement {@link #transform(Subject, RandomGenerator)}.
 */
public abstract class AbstractTransform implements Transform {

  private final ImmutableSet<String> include;
  private final ImmutableSet<String> exclude;
  private final double p;
  private final RandomGenerator random;

  /** Takes the shared options from {@code builder}. */
  protected AbstractTransform(TransformBuilder<?> builder) {
    this.include = builder.include;
    this.exclude = builder.exclude;
    this.p = builder.p;
    this.random = builder.random;
  }

  @Override
  public final Subject apply(Subject subject) {
    if (random == null) {
      if (isRandom()) {
        throw new IllegalStateException(
            name()
                + " draws random values but was built without a generator:"
                + " set seed(...) or random(...) on its builder, or call apply(subject, random)");
      }
      return apply(subject, NoRandom.INSTANCE);
    }
    long seed;
    synchronized (random) {
      seed = random.nextLong();
    }
    return apply(subject, new SplittableRandom(seed));
  }

  @Override
  public final Subject apply(Subject subject, RandomGenerator generator) {
    checkNames(subject);
    if (p < 1 && generator.nextDouble() >= p) {
      return subject;
    }
    return transform(subject, generator);
  }

  /**
   * Transforms the subject (the probability test has passed) and returns it with a history record;
   * draw every random value from {@code random}.
   */
  protected abstract Subject transform(Subject subject, RandomGenerator random);

  /** Whether the transform's own parameters are random; {@link #isRandom()} adds {@code p < 1}. */
  protected boolean drawsParameters() {
    return false;
  }

  @Override
  public final boolean isRandom() {
    return p < 1 || drawsParameters();
  }

  @Override
  public String name() {
    return getClass().getSimpleName();
  }

  /** The probability of being applied. */
  public double probability() {
    return p;
  }

  /** The names of the subject's images this transform acts on, in the subject's order. */
  protected final ImmutableList<String> selectedNames(Subject subject) {
    ImmutableList.Builder<String> names = ImmutableList.builder();
    for (String name : subject.images().keySet()) {
      if ((include.isEmpty() || include.contains(name)) && !exclude.contains(name)) {
        names.add(name);
      }
    }
    return names.build();
  }

  /** The selected names whose images are scalar images (what intensity transforms act on). */
  protected final ImmutableList<String> selectedScalarNames(Subject subject) {
    return selectedNames(subject).stream()
        .filter(n -> subject.image(n) instanceof ScalarImage)
        .collect(ImmutableList.toImmutableList());
  }

  /**
   * The subject with the images in {@code replaced} swapped in (others kept, order kept) and {@code
   * record} appended to its history.
   */
  protected static Subject replace(
      Subject subject, Map<String, ? extends Image> replaced, AppliedTransform record) {
    Map<String, Image> all = new LinkedHashMap<>(subject.images());
    all.putAll(replaced);
    return subject.withImages(all, record);
  }

  private void checkNames(Subject subject) {
    for (ImmutableSet<String> names : ImmutableList.of(include, exclude)) {
      for (String name : names) {
        if (!subject.has(name)) {
          throw new IllegalArgumentException(
              String.format(
                  "%s: %s names image '%s' but subject %s has only %s",
                  name(),
                  names == include ? "include" : "exclude",
                  name,
                  subject.id(),
                  subject.images().keySet()));
        }
      }
    }
  }

  /** A generator that must never be drawn from: deterministic transforms with p = 1 get it. */
  private static final class NoRandom implements RandomGenerator {
    static final NoRandom INSTANCE = new NoRandom();

    @Override
    public long nextLong() {
      throw new IllegalStateException("a deterministic transform drew a random number");
    }
  }
}
