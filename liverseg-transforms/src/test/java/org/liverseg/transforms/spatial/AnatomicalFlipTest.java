package org.liverseg.transforms.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.AppliedTransform;
import org.liverseg.transforms.TestSubjects;
import org.liverseg.transforms.Transforms;

/** Flip axes named as in TorchIO ('LR', 'AP', 'IS', 'Left', ...), resolved by orientation. */
class AnatomicalFlipTest {

  @Test
  void namesResolveAgainstTheOrientationCode() {
    assertEquals(0, Flip.axisOf("LR", "RAS"));
    assertEquals(0, Flip.axisOf("Right", "RAS"));
    assertEquals(1, Flip.axisOf("AP", "RAS"));
    assertEquals(1, Flip.axisOf("posterior", "RAS"));
    assertEquals(2, Flip.axisOf("IS", "LPS"));
    assertEquals(2, Flip.axisOf("superior", "LPS"));
    assertEquals(2, Flip.axisOf("Left", "PIR"));
    assertEquals(0, Flip.axisOf("a", "PIR"));
    assertEquals(1, Flip.axisOf("i", "PIR"));
    assertEquals(1, Flip.axisOf("Top", "RAS"));
    assertEquals(1, Flip.axisOf("bottom", "LPS"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Flip.axisOf("Width", "RAS"));
    assertTrue(e.getMessage().contains("Width") && e.getMessage().contains("RAS"));
    assertThrows(IllegalArgumentException.class, () -> Flip.axisOf("Dorsal", "RAS"));
    assertThrows(IllegalArgumentException.class, () -> Flip.axisOf("", "RAS"));
    assertThrows(IllegalArgumentException.class, () -> Flip.builder().axes(""));
  }

  @Test
  void aNamedFlipFollowsTheSubjectsOrientation() {
    Shape shape = Shape.of(4, 3, 2);
    // voxel axis 0 runs along A-P here ("PIR"-like: columns -y, -z, +x)
    Affine pir = Affine.ofRowMajor(0, 0, 1, 0, -1, 0, 0, 0, 0, -1, 0, 0);
    assertEquals("PIR", pir.orientation());
    Subject s = TestSubjects.ctAndLabel(shape, pir);
    Subject ap = Flip.builder().axes("AP").build().apply(s);
    Subject byNumber = Flip.builder().axes(0).build().apply(s);
    assertArrayEquals(byNumber.scalarImage("ct").voxels(), ap.scalarImage("ct").voxels());
    AppliedTransform record = (AppliedTransform) ap.history().get(0);
    assertEquals(List.of(0), record.parameters().get("axes"));
    Subject lr = Flip.builder().axes("LR", "Superior").build().apply(s);
    assertArrayEquals(
        Flip.builder().axes(1, 2).build().apply(s).scalarImage("ct").voxels(),
        lr.scalarImage("ct").voxels());
    assertEquals(
        List.of("LR", "Superior"), Flip.builder().axes("LR", "Superior").build().axisNames());
    assertTrue(Flip.builder().axes("LR").build().axes().isEmpty());
    assertArrayEquals(
        s.scalarImage("ct").voxels(), Transforms.inverse(lr).scalarImage("ct").voxels());
    Subject ras = TestSubjects.ctAndLabel(shape, Affine.identity());
    assertArrayEquals(
        Flip.builder().axes(0).build().apply(ras).scalarImage("ct").voxels(),
        Flip.builder().axes("LR").build().apply(ras).scalarImage("ct").voxels());
  }

  @Test
  void randomFlipDrawsThreeTimesAndFlipsOnlyTheNamedAxis() {
    Shape shape = Shape.of(4, 3, 2);
    Subject s = TestSubjects.ctAndLabel(shape, Affine.diagonal(-1, -1, 1)); // LPS
    RandomFlip t = RandomFlip.builder().axes("IS").flipProbability(0.5).build();
    SplittableRandom replay = new SplittableRandom(4);
    SplittableRandom r = new SplittableRandom(4);
    for (int i = 0; i < 40; i++) {
      replay.nextDouble();
      replay.nextDouble();
      boolean flipZ = replay.nextDouble() < 0.5;
      AppliedTransform record = (AppliedTransform) t.apply(s, r).history().get(0);
      assertEquals(flipZ ? List.of(2) : List.of(), record.parameters().get("axes"));
    }
    Subject all = RandomFlip.builder().axes("LR", "AP").flipProbability(1).build().apply(s, r);
    assertEquals(s.scalarImage("ct").get(0, 0, 1), all.scalarImage("ct").get(3, 2, 1));
    assertThrows(IllegalArgumentException.class, () -> RandomFlip.builder().flipProbability(2));
  }

  @Test
  void flipsAndReorientationsMoveEveryChannelAlike() {
    Shape shape = Shape.of(4, 3, 2);
    int n = shape.voxelsAsInt();
    float[] v = new float[2 * n];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    Affine lps = Affine.diagonal(-1, -1, 2);
    Subject s =
        Subject.builder("c")
            .image(
                "mr",
                org.liverseg.io.ScalarImage.of(new org.liverseg.io.ImageGeometry(shape, 2, lps), v))
            .build();
    org.liverseg.io.ScalarImage f = Flip.builder().axes(0, 2).build().apply(s).scalarImage("mr");
    org.liverseg.io.ScalarImage canon = ToCanonical.builder().build().apply(s).scalarImage("mr");
    for (int c = 0; c < 2; c++) {
      for (int z = 0; z < 2; z++) {
        for (int y = 0; y < 3; y++) {
          for (int x = 0; x < 4; x++) {
            float in = v[c * n + shape.index(x, y, z)];
            assertEquals(in, f.valueAt(c, 3 - x, y, 1 - z));
            assertEquals(in, canon.valueAt(c, 3 - x, 2 - y, z)); // LPS -> RAS reverses x and y
          }
        }
      }
    }
  }
}
