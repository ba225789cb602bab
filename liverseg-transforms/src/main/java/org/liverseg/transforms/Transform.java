package org.liverseg.transforms;

import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.liverseg.io.Subject;
import org.liverseg.io.SubjectTransform;

/**
 * A transform of a whole {@link Subject}: it returns a new subject whose images are changed and
 * whose history gains one {@link AppliedTransform} record per transform that actually ran (a
 * transform skipped because of its probability {@code p} records nothing).
 *
 * <p>Spatial transforms act on every selected image and resample label maps with nearest neighbour
 * only; intensity transforms act on the selected {@link org.liverseg.io.ScalarImage}s only.
 * Selection is by image name (include/exclude, see {@link TransformBuilder}).
 *
 * <p>Randomness never comes from a hidden global generator. {@link #apply(Subject,
 * RandomGenerator)} draws every random choice (the probability test and the transform's own
 * parameters) from the generator it is given, so the same generator state gives the same subject.
 * {@link #apply(Subject)} uses the generator the transform was built with (see {@link
 * TransformBuilder#seed(long)}); a transform that needs randomness and was built without one throws
 * {@link IllegalStateException} there.
 *
 * <p>A transform is the {@link SubjectTransform} of a {@link org.liverseg.io.SubjectsDataset}: the
 * dataset and the patch queue apply it with a generator they derive from their seeds.
 *
 * <p>Transforms are immutable and thread-safe.
 */
public interface Transform extends UnaryOperator<Subject>, SubjectTransform {

  /**
   * Applies the transform, drawing from the generator it was built with, if any.
   *
   * @throws IllegalStateException if the transform needs randomness but has no generator
   */
  @Override
  Subject apply(Subject subject);

  /** Applies the transform, drawing every random choice from {@code random}. */
  @Override
  Subject apply(Subject subject, RandomGenerator random);

  /** The transform's name as recorded in a subject's history, e.g. {@code "CropOrPad"}. */
  String name();

  /** Whether applying the transform draws from a random generator (also when {@code p < 1}). */
  boolean isRandom();
}
