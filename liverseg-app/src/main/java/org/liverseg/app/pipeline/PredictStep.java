package org.liverseg.app.pipeline;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.liverseg.io.LabelMap;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.models.prediction.ScanSegmenter;
import org.liverseg.models.prediction.SegmentationPredictor;
import org.liverseg.models.task03.CropOrPadModel;

/**
 * Pipeline step 5 for one scan: preprocess it as in training, segment it whole with a {@link
 * SegmentationPredictor}, and map the mask back onto the scan's original grid (shape and affine) by
 * undoing the CropOrPad. The work is {@link ScanSegmenter}'s, with the preprocessing and predictor
 * of {@link CropOrPadModel}, so that the pipeline's masks are those {@code liverseg predict} makes
 * from the saved model file.
 */
public final class PredictStep {

  /** Name under which the prediction travels with the subject while it is mapped back. */
  public static final String PREDICTION = ScanSegmenter.PREDICTION;

  private final ScanSegmenter segmenter;

  /** A step with the run's preprocessing and a predictor over the trained network. */
  public PredictStep(RunConfig.Preprocess preprocess, SegmentationPredictor predictor) {
    this.segmenter =
        new ScanSegmenter(
            Preprocessing.spatial(preprocess), Preprocessing.intensity(preprocess), predictor);
  }

  /**
   * The whole-volume predictor the pipeline uses, for validation and test alike: the run's
   * inference settings as {@link CropOrPadModel.Inference} (a grid without padding, the largest
   * 6-connected component of liver and tumour when {@code keepLargestLiverComponent} is set, and
   * the label decision the settings name, {@link RunConfig.Inference#labelDecision()}).
   *
   * @param patchSize the grid's patch size (the training patch size)
   * @param batchSize patches per forward pass
   */
  public static SegmentationPredictor predictor(
      ComputationGraph network, Shape patchSize, RunConfig.Inference inference, int batchSize) {
    return new CropOrPadModel.Inference(
            inference.patchOverlap(),
            batchSize,
            inference.aggregation().mode(),
            inference.keepLargestLiverComponent(),
            inference.labelDecision())
        .predictor(network, patchSize);
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
    return segmenter.segment(original);
  }
}
