package org.liverseg.models.prediction;

import static java.util.Objects.requireNonNull;

import org.liverseg.io.LabelMap;
import org.liverseg.io.Subject;
import org.liverseg.transforms.Transform;
import org.liverseg.transforms.Transforms;

/**
 * Segments one scan the way its model was trained to see it: the spatial preprocessing (invertible,
 * e.g. {@code CropOrPad}), then the intensity preprocessing, then a whole-volume {@link
 * SegmentationPredictor} on the preprocessed grid; the labels are mapped back onto the scan's own
 * grid by undoing the spatial steps, so the mask has the scan's shape and affine (voxels cropped
 * away by the preprocessing are background).
 *
 * <p>Only the spatial steps are in the history that is undone (the intensity steps run on a copy
 * whose history is not inverted), so the inversion is exact and silent.
 *
 * <p>Not thread-safe: the predictor's network must not run two forward passes at once.
 */
public final class ScanSegmenter {

  /** Name under which the prediction travels with the subject while it is mapped back. */
  public static final String PREDICTION = "prediction";

  private final Transform spatial;
  private final Transform intensity;
  private final SegmentationPredictor predictor;

  /**
   * A segmenter with the model's preprocessing and a predictor over its network.
   *
   * @param spatial invertible spatial preprocessing (what {@code Transforms.inverse} undoes)
   * @param intensity intensity preprocessing, applied after the spatial one
   * @param predictor the whole-volume predictor run on the preprocessed subject
   */
  public ScanSegmenter(Transform spatial, Transform intensity, SegmentationPredictor predictor) {
    this.spatial = requireNonNull(spatial, "spatial");
    this.intensity = requireNonNull(intensity, "intensity");
    this.predictor = requireNonNull(predictor, "predictor");
  }

  /** The predictor this segmenter runs. */
  public SegmentationPredictor predictor() {
    return predictor;
  }

  /**
   * The predicted mask of {@code original} on its own grid (shape and affine).
   *
   * @param original the scan as read, holding the predictor's input images
   */
  public LabelMap segment(Subject original) {
    Subject cropped = spatial.apply(original);
    LabelMap onGrid = predictor.predict(intensity.apply(cropped)).labels();
    Subject back = Transforms.inverse(cropped.withImage(PREDICTION, onGrid));
    return back.labelMap(PREDICTION);
  }
}
