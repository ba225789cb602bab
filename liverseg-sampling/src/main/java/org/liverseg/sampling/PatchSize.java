package org.liverseg.sampling;

import static com.google.common.base.Preconditions.checkArgument;

import org.liverseg.io.Shape;
import org.liverseg.io.Subject;

/** Checks shared by the samplers: that a patch fits in a subject, with TorchIO-like messages. */
final class PatchSize {

  private static final String AXES = "xyz";

  private PatchSize() {}

  /**
   * Throws if {@code patch} is larger than the subject on any axis.
   *
   * @throws IllegalArgumentException naming the subject, both sizes and the first axis that fails
   */
  static void checkFits(Subject subject, Shape patch) {
    Shape volume = subject.shape();
    for (int a = 0; a < 3; a++) {
      checkArgument(
          patch.get(a) <= volume.get(a),
          "patch size %s is larger than the spatial shape %s of subject %s (along %s: %s > %s)",
          patch,
          volume,
          subject.id(),
          AXES.charAt(a),
          patch.get(a),
          volume.get(a));
    }
  }
}
