package org.liverseg.sampling;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.Iterator;
import java.util.List;
import java.util.random.RandomGenerator;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;

/**
 * A source of training patches from one subject: an infinite stream of {@link Patch} views of a
 * fixed {@link #patchSize()}, every random choice drawn from the generator it is given (so the same
 * generator state gives the same patches). Implementations are immutable and thread-safe; the
 * iterators they return are not.
 *
 * <p>Any per-subject setup (e.g. {@link LabelSampler}'s voxel lists) happens in {@link
 * #sample(Subject, RandomGenerator)}, which also checks that the patch fits in the subject, so
 * errors surface when sampling is asked for rather than on the first patch.
 */
public interface PatchSampler {

  /** The spatial size of every patch. */
  Shape patchSize();

  /**
   * An infinite iterator of patches of {@code subject}.
   *
   * @throws IllegalArgumentException if the patch is larger than the subject on any axis, or the
   *     subject offers nothing to sample (the message names the subject and the sizes)
   */
  Iterator<Patch> sample(Subject subject, RandomGenerator random);

  /** The first {@code count} patches of {@link #sample(Subject, RandomGenerator)}. */
  default List<Patch> sample(Subject subject, RandomGenerator random, int count) {
    checkArgument(count >= 0, "patch count must be non-negative, got %s", count);
    Iterator<Patch> it = sample(subject, random);
    ImmutableList.Builder<Patch> out = ImmutableList.builderWithExpectedSize(count);
    for (int n = 0; n < count; n++) {
      out.add(it.next());
    }
    return out.build();
  }
}
