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
    return segmentation(original).mask();
  }

  /**
   * {@link #segment} with where the time went: "resample in" is the spatial and intensity
   * preprocessing, "aggregation" the sliding window without the network, with the label decision
   * (the predictor labels as it blends), and "resample out" the spatial steps undone.
   */
  public Segmentation segmentation(Subject original) {
    long t0 = System.nanoTime();
    Subject cropped = spatial.apply(original);
    Subject input = intensity.apply(cropped);
    long t1 = System.nanoTime();
    SegmentationPredictor.Prediction p = predictor.predict(input);
    long t2 = System.nanoTime();
    Subject back = Transforms.inverse(cropped.withImage(PREDICTION, p.labels()));
    LabelMap mask = back.labelMap(PREDICTION);
    long t3 = System.nanoTime();
    long network = p.timing().networkNanos();
    return new Segmentation(
        mask,
        null,
        new Segmentation.Timings(
            t1 - t0, network, t2 - t1 - network, t3 - t2, 0, p.timing().patches()),
        null);
  }
}
