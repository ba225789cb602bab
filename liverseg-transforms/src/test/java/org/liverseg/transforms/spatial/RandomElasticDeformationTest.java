package org.liverseg.transforms.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.AppliedTransform;
import org.liverseg.transforms.TestSubjects;

class RandomElasticDeformationTest {

  @Test
  void zeroDisplacementIsTheIdentity() {
    Subject s = TestSubjects.ctAndLabel(Shape.of(9, 8, 7), TestSubjects.obliqueAffine());
    Subject out =
        RandomElasticDeformation.builder()
            .maxDisplacement(0)
            .build()
            .apply(s, new SplittableRandom(1));
    assertArrayEquals(s.scalarImage("ct").voxels(), out.scalarImage("ct").voxels());
    assertArrayEquals(s.labelMap("label").labels(), out.labelMap("label").labels());
  }

  @Test
  void aConstantFieldIsATranslationInMillimetres() {
    // B-splines sum to 1, so equal control displacements of 4 mm along x move sampling by 2 voxels
    Subject s = TestSubjects.ctAndLabel(Shape.of(12, 5, 5), Affine.diagonal(2, 1, 1));
    RandomElasticDeformation t =
        RandomElasticDeformation.builder().numControlPoints(5).lockedBorders(0).build();
    double[][] field = new double[3][125];
    Arrays.fill(field[0], 4);
    Subject out = t.apply(s, field);
    assertEquals(s.scalarImage("ct").get(5, 2, 2), out.scalarImage("ct").get(3, 2, 2), 1e-3);
    assertEquals(s.labelMap("label").get(11, 4, 4), out.labelMap("label").get(9, 4, 4));
  }

  @Test
  void drawsWithinBoundsLocksTheFirstTwoAxesAndIsReproducible() {
    Subject s = TestSubjects.ctAndLabel(Shape.of(10, 10, 10), Affine.identity());
    RandomElasticDeformation t = RandomElasticDeformation.builder().build();
    Subject a = t.apply(s, new SplittableRandom(9));
    Subject b = t.apply(s, new SplittableRandom(9));
    assertArrayEquals(a.scalarImage("ct").voxels(), b.scalarImage("ct").voxels());
    List<?> cp =
        (List<?>) ((AppliedTransform) a.history().get(0)).parameters().get("control_points");
    assertEquals(3 * 343, cp.size());
    int nonZeroZBorder = 0;
    for (int d = 0; d < 3; d++) {
      for (int k = 0; k < 7; k++) {
        for (int j = 0; j < 7; j++) {
          for (int i = 0; i < 7; i++) {
            double v = (Double) cp.get(d * 343 + i + 7 * (j + 7 * k));
            org.junit.jupiter.api.Assertions.assertTrue(Math.abs(v) <= 7.5);
            boolean locked = i < 2 || i > 4 || j < 2 || j > 4;
            if (locked) {
              assertEquals(0.0, v);
            } else if (k < 2 && v != 0) {
              nonZeroZBorder++;
            }
          }
        }
      }
    }
    org.junit.jupiter.api.Assertions.assertTrue(
        nonZeroZBorder > 0, "TorchIO leaves the z border free");
    long[] h = a.labelMap("label").histogram();
    for (int l = 3; l < h.length; l++) {
      assertEquals(0, h[l]);
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> RandomElasticDeformation.builder().numControlPoints(4).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> RandomElasticDeformation.builder().numControlPoints(3));
  }
}
