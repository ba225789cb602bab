package org.liverseg.app.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.LabelMap;
import org.liverseg.io.NonFiniteVoxelsException;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.Transforms;

class PreprocessingTest {

  private static Subject subject() {
    Shape s = Shape.of(10, 8, 6);
    float[] ct = new float[s.voxelsAsInt()];
    byte[] label = new byte[s.voxelsAsInt()];
    for (int i = 0; i < ct.length; i++) {
      ct[i] = -1000 + 13 * i; // -1000 .. 5227 HU
      label[i] = (byte) (i % 3);
    }
    Affine a = Affine.diagonal(-2, -2, 5).withOrigin(50, 40, -30);
    return Subject.builder("case")
        .image("ct", ScalarImage.of(s, a, ct))
        .image("label", LabelMap.of(s, a, label))
        .build();
  }

  @Test
  void preprocessCropsOrPadsAndMapsTheHuWindowOntoTheRescaleRange() {
    RunConfig.Preprocess p = new RunConfig.Preprocess(Shape.of(8, 10, 6), -100, 400, 0, 1);
    Subject out = Preprocessing.preprocess(p).apply(subject());
    assertEquals(Shape.of(8, 10, 6), out.shape());
    ScalarImage ct = out.scalarImage("ct");
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : ct.voxels()) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertEquals(0f, min);
    assertEquals(1f, max);
    // Input voxel (1, 0, 0) (-987 HU, below the window) becomes output voxel (0, 1, 0).
    assertEquals(0f, ct.get(0, 1, 0));
    // x cropped by 1 at the low side, y padded by 1: origin = A * (1, -1, 0).
    assertArrayEquals(new double[] {48, 42, -30}, out.affine().origin(), 1e-9);
    // Labels keep their values where they were not padded.
    assertEquals(subject().labelMap("label").get(1, 0, 0), out.labelMap("label").get(0, 1, 0));
  }

  @Test
  void aVoxelInsideTheWindowIsMappedLinearly() {
    Shape s = Shape.of(2, 2, 2);
    float[] ct = {-100, 400, 150, 25, 0, 0, 0, 0};
    Subject sub =
        Subject.builder("c").image("ct", ScalarImage.of(s, Affine.identity(), ct)).build();
    ScalarImage out =
        Preprocessing.preprocess(new RunConfig.Preprocess(s, -100, 400, -1, 1))
            .apply(sub)
            .scalarImage("ct");
    assertEquals(-1f, out.get(0, 0, 0), 1e-6);
    assertEquals(1f, out.get(1, 0, 0), 1e-6);
    assertEquals(0f, out.get(0, 1, 0), 1e-6);
    assertEquals(-0.5f, out.get(1, 1, 0), 1e-6);
  }

  @Test
  void cropOrPadIsUndoneOnAPredictionAddedAfterwards() {
    Subject raw = subject();
    Subject pre =
        Preprocessing.preprocess(new RunConfig.Preprocess(Shape.of(8, 10, 6), -100, 400, 0, 1))
            .apply(raw);
    Subject withPrediction = pre.withImage("prediction", pre.labelMap("label"));
    LabelMap back = Transforms.inverse(withPrediction).labelMap("prediction");
    assertEquals(raw.shape(), back.shape());
    assertTrue(back.affine().isClose(raw.affine(), 1e-9));
    // Kept voxels come back; cropped columns (x = 0 and x = 9) come back as 0.
    assertEquals(raw.labelMap("label").get(5, 4, 3), back.get(5, 4, 3));
    assertEquals(0, back.get(0, 4, 3));
  }

  @Test
  void augmentationIsReproducibleForAGeneratorAndVariesBetweenGenerators() {
    RunConfig.Preprocess p = new RunConfig.Preprocess(Shape.of(10, 8, 6), -100, 400, 0, 1);
    RunConfig.Augment always =
        new RunConfig.Augment(true, 1.0, 0.9, 1.1, 10, java.util.List.of(0), 0.5);
    var t = Preprocessing.augment(always);
    Subject pre = Preprocessing.preprocess(p).apply(subject());
    float[] a = t.apply(pre, new SplittableRandom(1)).scalarImage("ct").voxels();
    float[] b = t.apply(pre, new SplittableRandom(1)).scalarImage("ct").voxels();
    float[] d = t.apply(pre, new SplittableRandom(2)).scalarImage("ct").voxels();
    assertArrayEquals(a, b);
    assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(d));
    assertEquals(
        0,
        Preprocessing.augment(
                    new RunConfig.Augment(false, 1, 0.9, 1.1, 10, java.util.List.of(0), 0.5))
                .apply(pre)
                .history()
                .size()
            - pre.history().size());
  }

  /**
   * An infinite HU value would be clamped into the window and train as a plausible one: the
   * preprocessing refuses it before the window, naming the subject, image and voxel.
   */
  @Test
  void nonFiniteValuesAreRefusedBeforeTheWindowHidesThem() {
    Subject s = subject();
    float[] v = s.scalarImage("ct").voxels().clone();
    v[s.shape().index(3, 2, 1)] = Float.POSITIVE_INFINITY;
    Subject bad = s.withImage("ct", s.scalarImage("ct").withVoxels(v));
    RunConfig.Preprocess p = new RunConfig.Preprocess(Shape.of(8, 10, 6), -100, 400, 0, 1);
    // training() and the validation subjects go through preprocess() too
    NonFiniteVoxelsException e =
        assertThrows(
            NonFiniteVoxelsException.class,
            () -> Preprocessing.preprocess(p).apply(bad, new SplittableRandom(1)));
    assertEquals(
        "subject case, image 'ct': in-memory image: 1 of 480 voxels is not finite; the first is"
            + " voxel (3, 2, 1) = Infinity",
        e.getMessage());
  }
}
