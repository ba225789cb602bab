package org.liverseg.transforms;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.primitives.Doubles;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.liverseg.io.Subject;

/**
 * Applies exactly one of several transforms, chosen with probability proportional to its weight, as
 * TorchIO's {@code OneOf}. The choice takes one {@code nextDouble()} from the generator; the chosen
 * transform records itself in the history. With {@link Builder#p} below 1 (TorchIO's {@code
 * OneOf(..., p=)}), one {@code nextDouble()} is drawn before the choice and nothing runs when it is
 * {@code >= p}.
 *
 * <pre>{@code
 * Transform aug = OneOf.builder().add(RandomAffine.builder().build(), 0.8)
 *     .add(RandomElasticDeformation.builder().build(), 0.2).seed(1).build();
 * }</pre>
 */
public final class OneOf implements Transform {

  private final ImmutableList<Transform> transforms;
  private final double[] cumulative;
  private final RandomGenerator random;
  private final double p;

  private OneOf(Builder b) {
    checkArgument(!b.transforms.isEmpty(), "OneOf needs at least one transform");
    this.transforms = ImmutableList.copyOf(b.transforms);
    double total = b.weights.stream().mapToDouble(Double::doubleValue).sum();
    this.cumulative = new double[b.weights.size()];
    double c = 0;
    for (int i = 0; i < cumulative.length; i++) {
      c += b.weights.get(i) / total;
      cumulative[i] = c;
    }
    this.random = b.random;
    this.p = b.p;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The candidate transforms. */
  public ImmutableList<Transform> transforms() {
    return transforms;
  }

  /** The normalised probabilities of the candidates. */
  public double[] probabilities() {
    double[] p = new double[cumulative.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]);
    }
    return p;
  }

  /** The probability that one of the transforms runs at all. */
  public double probability() {
    return this.p;
  }

  @Override
  public Subject apply(Subject subject) {
    checkState(
        random != null,
        "OneOf draws which transform to apply but was built without a generator:"
            + " set seed(...) or random(...) on its builder, or call apply(subject, random)");
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
    double u = generator.nextDouble();
    int i = 0;
    while (i < cumulative.length - 1 && u >= cumulative[i]) {
      i++;
    }
    return transforms.get(i).apply(subject, generator);
  }

  @Override
  public String name() {
    return "OneOf";
  }

  @Override
  public boolean isRandom() {
    return true;
  }

  /** Configures a {@link OneOf}. */
  public static final class Builder {
    private final List<Transform> transforms = new ArrayList<>();
    private final List<Double> weights = new ArrayList<>();
    private RandomGenerator random;
    private double p = 1;

    private Builder() {}

    /** The probability in [0, 1] that one of the transforms runs at all (default 1). */
    public Builder p(double probability) {
      checkArgument(
          probability >= 0 && probability <= 1,
          "probability p must be in [0, 1], got %s",
          probability);
      p = probability;
      return this;
    }

    /** Adds a candidate with weight 1. */
    public Builder add(Transform transform) {
      return add(transform, 1);
    }

    /** Adds a candidate with a positive weight (weights are normalised to sum to 1). */
    public Builder add(Transform transform, double weight) {
      Compose.checkWeight(weight);
      transforms.add(requireNonNull(transform, "transform"));
      weights.add(weight);
      return this;
    }

    /** The generator {@link OneOf#apply(Subject)} draws from. */
    public Builder random(RandomGenerator generator) {
      random = requireNonNull(generator, "generator");
      return this;
    }

    /** Shorthand for {@code random(new SplittableRandom(seed))}. */
    public Builder seed(long seed) {
      return random(new SplittableRandom(seed));
    }

    /** Builds the transform. */
    public OneOf build() {
      return new OneOf(this);
    }
  }

  @Override
  public String toString() {
    return "OneOf"
        + transforms.stream().map(Transform::name).toList()
        + " weights="
        + Doubles.asList(probabilities())
        + (p < 1 ? " p=" + p : "");
  }
}
