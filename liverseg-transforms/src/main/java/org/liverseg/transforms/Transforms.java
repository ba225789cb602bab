package org.liverseg.transforms;

import com.google.common.collect.Lists;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.liverseg.io.Image;
import org.liverseg.io.Subject;
import org.liverseg.io.TransformRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Static helpers over transforms and subject histories. */
public final class Transforms {

  private static final Logger LOG = LoggerFactory.getLogger(Transforms.class);

  private Transforms() {}

  /**
   * Undoes a subject's history, newest first: each invertible step ({@code Pad}, {@code Crop},
   * {@code CropOrPad}, {@code EnsureShapeMultiple}, flips, {@code Resample}, {@code ToCanonical})
   * is inverted on the images it changed and on every image added to the subject after it ran (such
   * as a predicted label map added to the preprocessed subject); the images' shape and affine
   * become those before the step exactly. Steps that cannot be undone (intensity transforms, random
   * affine or elastic deformations) are skipped with a warning and stay in the returned subject's
   * history; the undone ones are removed from it.
   *
   * <p>Lossy steps lose what they lost: voxels cropped away come back as 0, and a resampled image
   * is resampled back (labels by nearest neighbour).
   */
  public static Subject inverse(Subject subject) {
    Subject current = subject;
    List<TransformRecord> kept = new ArrayList<>();
    for (TransformRecord record : Lists.reverse(subject.history())) {
      if (record instanceof AppliedTransform applied && applied.isInvertible()) {
        UnaryOperator<Image> inverse = applied.inverse().orElseThrow();
        Map<String, Image> images = new LinkedHashMap<>();
        for (Map.Entry<String, Image> e : current.images().entrySet()) {
          images.put(
              e.getKey(),
              applied.appliesTo(e.getKey()) ? inverse.apply(e.getValue()) : e.getValue());
        }
        current = current.withImages(images, null);
      } else {
        LOG.warn(
            "subject {}: transform {} cannot be inverted; skipping it",
            subject.id(),
            record.name());
        kept.add(record);
      }
    }
    return current.withHistory(Lists.reverse(kept));
  }
}
