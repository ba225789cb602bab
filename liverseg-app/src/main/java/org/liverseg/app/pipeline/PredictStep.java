package org.liverseg.app.pipeline;

import static java.util.Objects.requireNonNull;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.liverseg.io.LabelMap;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.models.prediction.SegmentationPredictor;
import org.liverseg.transforms.Transform;
import org.liverseg.transforms.Transforms;

/**
 * Pipeline step 5 for one scan: preprocess it as in training, segment it whole with a {@link
 * SegmentationPredictor}, and map the mask back onto the scan's original grid (shape and affine) by
 * undoing the CropOrPad.
 */
public final class PredictStep {

  /** Name under which the prediction travels with the subject while it is mapped back. */
  public static final String PREDICTION = "prediction";

  private final Transform spatial;
  private final Transform intensity;
  private final SegmentationPredictor predictor;

  /** A step with the run's preprocessing and a predictor over the trained network. */
  public PredictStep(RunConfig.Preprocess preprocess, SegmentationPredictor predictor) {
    this.spatial = Preprocessing.spatial(preprocess);
    this.intensity = Preprocessing.intensity(preprocess);
    this.predictor = requireNonNull(predictor, "predictor");
  }

  /**
   * The whole-volume predictor the pipeline uses, for validation and test alike: the run's
   * inference settings, a grid without padding (the preprocessed volume is tiled as it is), and the
   * largest 6-connected component of liver and tumour when {@code keepLargestLiverComponent} is
   * set, and the label decision the settings name ({@link RunConfig.Inference#labelDecision()}).
   *
   * @param patchSize the grid's patch size (the training patch size)
   * @param batchSize patches per forward pass
   */
  public static SegmentationPredictor predictor(
      ComputationGraph network, Shape patchSize, RunConfig.Inference inference, int batchSize) {
    return SegmentationPredictor.builder()
        .network(network)
        .patchSize(patchSize)
        .overlap(inference.patchOverlap())
        .batchSize(batchSize)
        .mode(inference.aggregation().mode())
        .inputImages(MsdDataset.IMAGE)
        .padding(null)
        .keepLargestLiver(inference.keepLargestLiverComponent())
        .connectivity(6)
        .decision(inference.labelDecision())
        .build();
  }

  /**
   * The predicted mask of {@code original} on its own grid.
   *
   * @throws org.liverseg.io.NonFiniteVoxelsException naming the scan's file and first bad voxel if
   *     the CT holds NaN or infinite values (checked before the HU window, which would clamp an
   *     infinity into a plausible value)
   */
  public LabelMap predict(Subject original) {
    original.scalarImage(MsdDataset.IMAGE).requireFinite();
    // Only the spatial step stays in the history that is undone, so inversion is exact and silent.
    Subject cropped = spatial.apply(original);
    LabelMap onGrid = predictor.predict(intensity.apply(cropped)).labels();
    Subject back = Transforms.inverse(cropped.withImage(PREDICTION, onGrid));
    return back.labelMap(PREDICTION);
  }
}
