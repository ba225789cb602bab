package org.liverseg.models.prediction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.models.UNet3D;
import org.liverseg.transforms.spatial.CropOrPad;

class SegmentationPredictorTest {

  @Test
  void argmaxPicksTheMostLikelyClassPerVoxel() {
    Shape s = Shape.of(2, 1, 2);
    float[] p = {
      0.7f, 0.1f, 0.2f, 0.3f, // class 0 for voxels 0..3
      0.2f, 0.8f, 0.2f, 0.3f, // class 1
      0.1f, 0.1f, 0.6f, 0.4f, // class 2
    };
    ScalarImage probs = ScalarImage.of(new ImageGeometry(s, 3, Affine.identity()), p);
    assertArrayEquals(new byte[] {0, 1, 2, 2}, LabelDecision.argmax().labels(probs));
  }

  @Test
  void labelsMapBackOntoTheOriginalGridAndSurviveNifti(@TempDir Path dir) throws IOException {
    Shape shape = Shape.of(14, 11, 9);
    Affine affine = Affine.of(new double[][] {{-0.8, 0, 0, 10}, {0, 0.9, 0, -20}, {0, 0, 2.5, 30}});
    float[] v = new float[shape.voxelsAsInt()];
    java.util.Arrays.fill(v, 0.5f);
    Subject original =
        Subject.builder("o")
            .image("ct", ScalarImage.of(new ImageGeometry(shape, 1, affine), v))
            .build();
    Subject preprocessed = CropOrPad.builder().target(16, 8, 8).build().apply(original);
    SegmentationPredictor p =
        SegmentationPredictor.builder()
            .network(UNet3D.builder().filters(2, 2).build().newNetwork())
            .patchSize(Shape.of(8, 8, 8))
            .overlap(0)
            .padding(null)
            .build();
    LabelMap back = p.predictOnOriginalGrid(preprocessed);
    assertEquals(shape, back.shape());
    assertEquals(affine, back.affine());
    Path f = dir.resolve("pred.nii.gz");
    SegmentationPredictor.writeNifti(back, f);
    assertArrayEquals(back.labels(), LabelMap.read(f).labels());
  }

  @Test
  void predictionCoversTheWholeVolumeOnItsAffine() {
    Shape shape = Shape.of(20, 18, 12);
    float[] v = new float[shape.voxelsAsInt()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (i % 7) / 7f;
    }
    Affine affine = Affine.of(new double[][] {{-0.8, 0, 0, 10}, {0, 0.9, 0, -20}, {0, 0, 2.5, 30}});
    Subject subject =
        Subject.builder("s")
            .image("ct", ScalarImage.of(new ImageGeometry(shape, 1, affine), v))
            .build();
    SegmentationPredictor p =
        SegmentationPredictor.builder()
            .network(UNet3D.builder().filters(2, 2).build().newNetwork())
            .patchSize(Shape.of(8, 8, 8))
            .overlap(4)
            .batchSize(3)
            .keepLargestLiver(true)
            .build();
    SegmentationPredictor.Prediction r = p.predict(subject);
    assertEquals(shape, r.labels().shape());
    assertEquals(affine, r.labels().affine());
    assertEquals(3, r.probabilities().geometry().channels());
    float[] probs = r.probabilities().voxels();
    int n = shape.voxelsAsInt();
    for (int i = 0; i < n; i += 37) {
      assertEquals(
          1.0, probs[i] + probs[n + i] + probs[2 * n + i], 1e-4, "probabilities sum to 1 at " + i);
    }
    assertTrue(r.timing().patches() > 1);
    assertTrue(
        r.timing().networkNanos() > 0 && r.timing().networkNanos() <= r.timing().totalNanos());
  }

  @Test
  void connectivityIsSixOrTwentySix() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> SegmentationPredictor.builder().connectivity(18));
    assertTrue(e.getMessage().contains("connectivity must be 6 or 26, got 18"), e.getMessage());
    Shape shape = Shape.of(10, 10, 10);
    Subject subject =
        Subject.builder("s")
            .image("ct", ScalarImage.of(shape, Affine.identity(), new float[shape.voxelsAsInt()]))
            .build();
    SegmentationPredictor p =
        SegmentationPredictor.builder()
            .network(UNet3D.builder().filters(2, 2).build().newNetwork())
            .patchSize(Shape.of(8, 8, 8))
            .overlap(4)
            .keepLargestLiver(true)
            .connectivity(6)
            .build();
    assertEquals(shape, p.predict(subject).labels().shape());
  }
}
