package org.liverseg.transforms;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSet;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The options every transform shares: which images it acts on ({@link #include}/{@link #exclude} by
 * name), the probability {@link #p} that it is applied, and the random generator {@link
 * Transform#apply(org.liverseg.io.Subject)} draws from.
 *
 * @param <B> the concrete builder type, returned by every option for chaining
 */
public abstract class TransformBuilder<B extends TransformBuilder<B>> {

  ImmutableSet<String> include = ImmutableSet.of();
  ImmutableSet<String> exclude = ImmutableSet.of();
  double p = 1;
  RandomGenerator random;

  protected TransformBuilder() {}

  /**
   * Limits the transform to the images with these names. A name the subject does not have is an
   * error when the transform is applied. Cannot be combined with {@link #exclude}.
   */
  public B include(String... names) {
    checkArgument(
        exclude.isEmpty(), "include and exclude cannot both be set (exclude=%s)", exclude);
    include = ImmutableSet.copyOf(names);
    return self();
  }

  /**
   * Applies the transform to every image except the ones with these names. A name the subject does
   * not have is an error when the transform is applied. Cannot be combined with {@link #include}.
   */
  public B exclude(String... names) {
    checkArgument(
        include.isEmpty(), "include and exclude cannot both be set (include=%s)", include);
    exclude = ImmutableSet.copyOf(names);
    return self();
  }

  /**
   * The probability in [0, 1] that the transform is applied (default 1). Below 1, each application
   * draws one {@code nextDouble()} and skips the transform when it is {@code >= p}.
   */
  public B p(double probability) {
    checkArgument(
        probability >= 0 && probability <= 1,
        "probability p must be in [0, 1], got %s",
        probability);
    p = probability;
    return self();
  }

  /**
   * The generator {@link Transform#apply(org.liverseg.io.Subject)} draws from. Each such call takes
   * one {@code nextLong()} from it (under a lock, so the transform stays thread-safe) to seed a
   * private {@link SplittableRandom} for that call.
   */
  public B random(RandomGenerator generator) {
    random = requireNonNull(generator, "generator");
    return self();
  }

  /** Shorthand for {@code random(new SplittableRandom(seed))}. */
  public B seed(long seed) {
    return random(new SplittableRandom(seed));
  }

  /** This builder, typed as the concrete builder. */
  protected abstract B self();

  /** Builds the immutable transform. */
  public abstract Transform build();
}
