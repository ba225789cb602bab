package org.liverseg.transforms.intensity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.Compose;
import org.liverseg.transforms.TestSubjects;
import org.liverseg.transforms.Transform;

class StandardizeTest {

  private static final Shape SHAPE = Shape.of(3, 2, 1);

  private static Subject subject(float... values) {
    return Subject.builder("s")
        .image("ct", ScalarImage.of(SHAPE, Affine.identity(), values))
        .image("label", TestSubjects.randomLabels(SHAPE, Affine.identity(), 2, 1))
        .build();
  }

  @Test
  void ctClipsThenSubtractsTheMeanAndDividesByTheStdInFloat32() {
    Subject in = subject(-1000, -17, 0, 99.4f, 201, 3000);
    Subject out = Standardize.ct(-17, 201, 99.4, 39.4).apply(in);
    float[] v = out.scalarImage("ct").voxels();
    float[] clipped = {-17, -17, 0, 99.4f, 201, 201};
    for (int i = 0; i < v.length; i++) {
      // numpy on a float32 image: np.clip, then -= mean, /= std, all in float32
      assertEquals((clipped[i] - 99.4f) / 39.4f, v[i], 0f, "voxel " + i);
    }
    assertEquals(-(99.4 + 17) / 39.4, v[0], 1e-6);
    assertEquals((201 - 99.4) / 39.4, v[5], 1e-6);
    assertSame(in.labelMap("label"), out.labelMap("label"), "label maps are untouched");
    assertEquals(in.scalarImage("ct").geometry(), out.scalarImage("ct").geometry());
    assertEquals("Standardize", out.history().get(0).name());
  }

  @Test
  void windowMapsItsBoundsOntoZeroAndOne() {
    float[] v =
        Standardize.window(-100, 400)
            .apply(subject(-500, -100, 150, 400, 900, 0))
            .scalarImage("ct")
            .voxels();
    assertArrayEquals(new float[] {0, 0, 0.5f, 1, 1, 0.2f}, v, 1e-7f);
  }

  @Property(tries = 60)
  void windowAgreesWithClampThenRescaleIntensity(
      @ForAll @DoubleRange(min = -2000, max = 1000) double low,
      @ForAll @DoubleRange(min = 1, max = 3000) double width,
      @ForAll @IntRange(min = 0, max = 1000) int seed) {
    Subject s =
        Subject.builder("p")
            .image("ct", TestSubjects.randomImage(Shape.of(7, 5, 3), Affine.identity(), seed))
            .build();
    double high = low + width;
    Transform reference =
        Compose.of(
            Clamp.builder().min(low).max(high).build(),
            RescaleIntensity.builder().inMinMax(low, high).outMinMax(0, 1).build());
    float[] expected = reference.apply(s).scalarImage("ct").voxels();
    float[] actual = Standardize.window(low, high).apply(s).scalarImage("ct").voxels();
    // both are float32 computations: the clip bounds carry float rounding of |bound|, which the
    // division by the width magnifies
    float tolerance =
        2e-6f + 4 * Math.ulp((float) Math.max(Math.abs(low), Math.abs(high))) / (float) width;
    assertArrayEquals(expected, actual, tolerance);
  }

  @Test
  void nonFiniteVoxelsAreAnErrorNamingSubjectAndImage() {
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      Subject s = subject(1, 2, bad, 4, 5, 6);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Standardize.window(0, 1).apply(s));
      assertTrue(
          e.getMessage().startsWith("Standardize: image 'ct' of subject s has a non-finite voxel"),
          e.getMessage());
      assertTrue(e.getMessage().endsWith("at index 2"), e.getMessage());
    }
  }

  @Test
  void rejectsBadNumbers() {
    assertThrows(IllegalArgumentException.class, () -> Standardize.ct(0, 1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> Standardize.ct(0, 1, 0, -1));
    assertThrows(IllegalArgumentException.class, () -> Standardize.ct(2, 1, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> Standardize.ct(0, 1, Double.NaN, 1));
    assertThrows(IllegalArgumentException.class, () -> Standardize.window(1, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> Standardize.builder().clip(Double.NEGATIVE_INFINITY, 0));
  }

  @Test
  void withoutClipOnlyShiftsAndScales() {
    Standardize t = Standardize.builder().offset(10).scale(4).build();
    assertEquals(Double.NEGATIVE_INFINITY, t.low());
    float[] v = t.apply(subject(-1e6f, 10, 14, 18, 1e6f, 0)).scalarImage("ct").voxels();
    assertArrayEquals(new float[] {(-1e6f - 10) / 4, 0, 1, 2, (1e6f - 10) / 4, -2.5f}, v, 0f);
  }
}
