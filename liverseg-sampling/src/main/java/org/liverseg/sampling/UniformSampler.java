package org.liverseg.sampling;

import static java.util.Objects.requireNonNull;

import java.util.Iterator;
import java.util.random.RandomGenerator;
import org.liverseg.io.Box;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;

/**
 * Samples patches uniformly: each patch start is drawn uniformly in {@code [0, S - P]} per axis, x
 * then y then z (TorchIO's {@code UniformSampler}).
 */
public final class UniformSampler implements PatchSampler {

  private final Shape patchSize;

  /** A sampler of patches of {@code patchSize}. */
  public UniformSampler(Shape patchSize) {
    this.patchSize = requireNonNull(patchSize, "patchSize");
  }

  @Override
  public Shape patchSize() {
    return patchSize;
  }

  @Override
  public Iterator<Patch> sample(Subject subject, RandomGenerator random) {
    requireNonNull(random, "random");
    PatchSize.checkFits(subject, patchSize);
    Shape s = subject.shape();
    int rx = s.x() - patchSize.x() + 1;
    int ry = s.y() - patchSize.y() + 1;
    int rz = s.z() - patchSize.z() + 1;
    return new InfiniteIterator() {
      @Override
      public Patch next() {
        int i = random.nextInt(rx);
        int j = random.nextInt(ry);
        int k = random.nextInt(rz);
        return Patch.of(subject, Box.of(i, j, k, patchSize));
      }
    };
  }

  @Override
  public String toString() {
    return "UniformSampler(" + patchSize + ")";
  }
}
