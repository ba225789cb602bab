package org.liverseg.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.Box;
import org.liverseg.io.LabelMap;
import org.liverseg.io.NonFiniteVoxelsException;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.models.batch.PatchBatches;
import org.liverseg.models.prediction.SegmentationPredictor;
import org.liverseg.sampling.Patch;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A NaN or infinite voxel must not become a silently empty mask or a NaN loss: the predictor and
 * the trainer's batches refuse it, naming the subject, the image and the voxel.
 */
class NonFiniteInputsTest {

  private static final Shape SHAPE = Shape.of(10, 10, 10);

  private static Subject subject(String id, int badIndex, float bad) {
    float[] v = new float[SHAPE.voxelsAsInt()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (i % 5) / 5f;
    }
    if (badIndex >= 0) {
      v[badIndex] = bad;
    }
    return Subject.builder(id)
        .image("ct", ScalarImage.of(SHAPE, Affine.identity(), v))
        .image("label", LabelMap.of(SHAPE, Affine.identity(), new byte[v.length]))
        .build();
  }

  private static SegmentationPredictor predictor(ComputationGraph net) {
    return SegmentationPredictor.builder()
        .network(net)
        .patchSize(Shape.of(8, 8, 8))
        .overlap(2)
        .build();
  }

  @Test
  void thePredictorRefusesANonFiniteInput() {
    SegmentationPredictor p = predictor(UNet3D.builder().filters(2, 2).build().newNetwork());
    Subject s = subject("case_7", SHAPE.index(2, 3, 4), Float.POSITIVE_INFINITY);
    NonFiniteVoxelsException e = assertThrows(NonFiniteVoxelsException.class, () -> p.predict(s));
    assertEquals(
        "subject case_7, image 'ct': in-memory image: 1 of 1000 voxels is not finite; the first is"
            + " voxel (2, 3, 4) = Infinity",
        e.getMessage());
  }

  /** A network whose weights are NaN (a diverged or damaged model) does not label silently. */
  @Test
  void thePredictorRefusesNonFiniteProbabilities() {
    ComputationGraph net = UNet3D.builder().filters(2, 2).build().newNetwork();
    INDArray params = net.params();
    params.putScalar(0, Double.NaN);
    net.setParams(params);
    SegmentationPredictor p = predictor(net);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> p.predict(subject("case_8", -1, 0)));
    assertEquals(
        "subject case_8: the network gave non-finite probabilities (NaN or infinite weights: a"
            + " diverged or damaged model)",
        e.getMessage().substring(0, e.getMessage().indexOf(")") + 1));
  }

  @Test
  void trainingBatchesRefuseANonFinitePatchNamingItsSubject() {
    Subject good = subject("good", -1, 0);
    Subject bad = subject("case_9", SHAPE.index(6, 6, 6), Float.NaN);
    List<Patch> patches =
        List.of(
            Patch.of(good, new Box(0, 0, 0, 8, 8, 8)), Patch.of(bad, new Box(2, 2, 2, 10, 10, 10)));
    PatchBatches it = PatchBatches.over(patches).batchSize(2).inputs("ct").oneHot("label", 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, it::next);
    assertEquals(
        "patch 2 of the batch (subject case_9, image 'ct', at (2, 2, 2)) holds a non-finite value"
            + " (NaN) at its voxel (4, 4, 4); check the input images with"
            + " ScalarImage.requireFinite()",
        e.getMessage());
  }
}
