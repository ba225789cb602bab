package org.liverseg.io;

import java.util.random.RandomGenerator;

/**
 * What a {@link SubjectsDataset} applies to each subject it hands out: a function of the subject
 * and a random generator to draw every random choice from. liverseg's {@code Transform} (in
 * liverseg-transforms) extends it; a lambda {@code (subject, random) -> ...} fits too.
 *
 * <p>The generator is the only source of randomness: the dataset and the patch queue derive one per
 * subject (and per epoch, in the queue) from their seeds, so that a subject is transformed the same
 * way whichever thread does it and whenever. A deterministic transform ignores it.
 */
@FunctionalInterface
public interface SubjectTransform {

  /**
   * Transforms {@code subject}, drawing every random choice from {@code random}.
   *
   * @return the transformed subject (a new one; subjects are immutable)
   */
  Subject apply(Subject subject, RandomGenerator random);
}
