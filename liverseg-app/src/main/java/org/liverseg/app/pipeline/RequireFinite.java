package org.liverseg.app.pipeline;

import java.util.Map;
import java.util.random.RandomGenerator;
import org.liverseg.io.Image;
import org.liverseg.io.NonFiniteVoxelsException;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Subject;
import org.liverseg.transforms.Transform;

/**
 * A check in a transform chain: refuses a subject with a NaN or infinite intensity ({@link
 * ScalarImage#requireFinite()}, naming the subject, image and first voxel) and otherwise returns it
 * unchanged, recording no history. It goes before the HU window, which would clamp an infinity into
 * a plausible value that the network then trains or predicts on.
 */
final class RequireFinite implements Transform {

  @Override
  public Subject apply(Subject subject) {
    for (Map.Entry<String, Image> e : subject.images().entrySet()) {
      if (e.getValue() instanceof ScalarImage image) {
        try {
          image.requireFinite();
        } catch (NonFiniteVoxelsException x) {
          throw x.in("subject " + subject.id() + ", image '" + e.getKey() + "'");
        }
      }
    }
    return subject;
  }

  @Override
  public Subject apply(Subject subject, RandomGenerator random) {
    return apply(subject);
  }

  @Override
  public String name() {
    return "RequireFinite";
  }

  @Override
  public boolean isRandom() {
    return false;
  }
}
