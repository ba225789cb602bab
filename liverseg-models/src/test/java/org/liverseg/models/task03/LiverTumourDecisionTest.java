package org.liverseg.models.task03;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;

class LiverTumourDecisionTest {

  /** Probabilities of a volume where each voxel is given as (p0, p1, p2). */
  private static ScalarImage probabilities(Shape shape, float[][] perVoxel) {
    int n = shape.voxelsAsInt();
    float[] v = new float[3 * n];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 3; c++) {
        v[c * n + i] = perVoxel[i][c];
      }
    }
    return ScalarImage.of(new ImageGeometry(shape, 3, Affine.identity()), v);
  }

  @Test
  void organFirstThenTumourShareAboveTheThreshold() {
    ScalarImage p =
        probabilities(
            Shape.of(5, 1, 1),
            new float[][] {
              {0.7f, 0.2f, 0.1f}, // background
              {
                0.4f, 0.3f, 0.3f
              }, // organ 0.6 > 0.4 although background has the largest single probability
              {0.2f, 0.3f, 0.5f}, // tumour share 0.625
              {0.2f, 0.2f, 0.6f}, // tumour share 0.75
              {0.1f, 0.1f, 0.8f}, // tumour share 0.89
            });
    assertArrayEquals(new byte[] {0, 1, 2, 2, 2}, new LiverTumourDecision(0.5, 0).labels(p));
    assertArrayEquals(new byte[] {0, 1, 1, 2, 2}, new LiverTumourDecision(0.7, 0).labels(p));
    assertArrayEquals(new byte[] {0, 1, 1, 1, 2}, new LiverTumourDecision(0.8, 0).labels(p));
  }

  @Test
  void tumourComponentsBelowTheSizeFloorBecomeLiver() {
    // A 6x1x1 row: tumour run of 3 voxels, liver, tumour run of 1 voxel, liver.
    byte[] labels = {2, 2, 2, 1, 2, 1};
    LiverTumourDecision.removeSmallTumours(labels, Shape.of(6, 1, 1), 2);
    assertArrayEquals(new byte[] {2, 2, 2, 1, 1, 1}, labels);
    LiverTumourDecision.removeSmallTumours(labels, Shape.of(6, 1, 1), 4);
    assertArrayEquals(new byte[] {1, 1, 1, 1, 1, 1}, labels);
  }

  @Test
  void componentsAreSixConnectedAcrossAllAxes() {
    Shape s = Shape.of(3, 3, 3);
    byte[] labels = new byte[27];
    java.util.Arrays.fill(labels, (byte) 1);
    labels[0] = 2; // (0,0,0)
    labels[9] = 2; // (0,0,1): face neighbour along z
    labels[13] = 2; // (1,1,1): only corner-touches (0,0,1)... not a face neighbour
    LiverTumourDecision.removeSmallTumours(labels, s, 2);
    assertEquals(2, labels[0]);
    assertEquals(2, labels[9]);
    assertEquals(1, labels[13]);
  }

  @Property(tries = 100)
  void aHigherThresholdOrFloorNeverAddsTumourAndNeverChangesTheOrgan(
      @ForAll @IntRange(min = 1, max = 9) int nx,
      @ForAll @IntRange(min = 1, max = 9) int ny,
      @ForAll @IntRange(min = 1, max = 5) int nz,
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 4) int step,
      @ForAll @IntRange(min = 0, max = 20) int floor) {
    Shape s = Shape.of(nx, ny, nz);
    Random r = new Random(seed);
    float[][] pv = new float[s.voxelsAsInt()][];
    for (int i = 0; i < pv.length; i++) {
      float a = r.nextFloat();
      float b = r.nextFloat();
      float c = r.nextFloat();
      float sum = a + b + c + 1e-6f;
      pv[i] = new float[] {a / sum, b / sum, c / sum};
    }
    ScalarImage p = probabilities(s, pv);
    byte[] mild = new LiverTumourDecision(0.5, 0).labels(p);
    byte[] strict = new LiverTumourDecision(0.5 + 0.1 * step, floor).labels(p);
    for (int i = 0; i < mild.length; i++) {
      assertEquals(mild[i] == 0, strict[i] == 0, "organ changed at voxel " + i);
      assertTrue(strict[i] != 2 || mild[i] == 2, "tumour added at voxel " + i);
    }
  }

  @Test
  void badArgumentsAreNamed() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new LiverTumourDecision(0.4, 0))
            .getMessage()
            .contains("tumourThreshold"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new LiverTumourDecision(0.6, -1))
            .getMessage()
            .contains("minTumourVoxels"));
    ScalarImage two =
        ScalarImage.of(new ImageGeometry(Shape.of(1, 1, 1), 2, Affine.identity()), new float[2]);
    assertTrue(
        assertThrows(
                IllegalArgumentException.class, () -> new LiverTumourDecision(0.6, 0).labels(two))
            .getMessage()
            .contains("3 class channels"));
  }
}
