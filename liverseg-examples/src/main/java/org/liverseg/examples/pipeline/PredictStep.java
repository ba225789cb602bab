package org.liverseg.examples.pipeline;

import static java.util.Objects.requireNonNull;

import org.liverseg.io.LabelMap;
import org.liverseg.io.Subject;
import org.liverseg.transforms.Transform;
import org.liverseg.transforms.Transforms;

/**
 * Pipeline step 5 for one scan: preprocess it as in training, segment it whole, and map the mask
 * back onto the scan's original grid (shape and affine) by undoing the CropOrPad.
 */
public final class PredictStep {

  /** Name under which the prediction travels with the subject while it is mapped back. */
  public static final String PREDICTION = "prediction";

  private final Transform spatial;
  private final Transform intensity;
  private final VolumeSegmenter segmenter;

  /** A step with the run's preprocessing and a segmenter over the trained network. */
  public PredictStep(RunConfig.Preprocess preprocess, VolumeSegmenter segmenter) {
    this.spatial = Preprocessing.spatial(preprocess);
    this.intensity = Preprocessing.intensity(preprocess);
    this.segmenter = requireNonNull(segmenter, "segmenter");
  }

  /** The predicted mask of {@code original} on its own grid. */
  public LabelMap predict(Subject original) {
    // Only the spatial step stays in the history that is undone, so inversion is exact and silent.
    Subject cropped = spatial.apply(original);
    LabelMap onGrid = segmenter.segment(intensity.apply(cropped)).labels();
    Subject back = Transforms.inverse(cropped.withImage(PREDICTION, onGrid));
    return back.labelMap(PREDICTION);
  }
}
