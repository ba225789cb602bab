package org.liverseg.transforms.intensity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.AppliedTransform;
import org.liverseg.transforms.Transform;

/** Intensity transforms against numpy/scipy values (src/test/python/make_intensity_fixtures.py). */
class IntensityTest {

  private static final Shape SHAPE = Shape.of(5, 4, 3);
  private static final Map<String, float[]> FIXTURE = load();

  private static Map<String, float[]> load() {
    try (InputStream in = IntensityTest.class.getResourceAsStream("/fixtures/intensity.txt")) {
      Map<String, float[]> m = new LinkedHashMap<>();
      new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(l -> !l.startsWith("#"))
          .forEach(
              l -> {
                String[] p = l.split(" : ");
                double[] d =
                    Arrays.stream(p[1].split(" ")).mapToDouble(Double::parseDouble).toArray();
                float[] f = new float[d.length];
                for (int i = 0; i < d.length; i++) {
                  f[i] = (float) d[i];
                }
                m.put(p[0], f);
              });
      return m;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Subject subject() {
    Affine a = Affine.diagonal(1, 1, 1);
    byte[] mask = new byte[SHAPE.voxelsAsInt()];
    float[] m = FIXTURE.get("mask");
    for (int i = 0; i < mask.length; i++) {
      mask[i] = (byte) m[i];
    }
    return Subject.builder("fixture")
        .image("ct", ScalarImage.of(SHAPE, a, FIXTURE.get("input").clone()))
        .image("mask", LabelMap.of(SHAPE, a, mask))
        .build();
  }

  private static void assertClose(String key, float[] actual, float relTol) {
    float[] e = FIXTURE.get(key);
    assertEquals(e.length, actual.length);
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], actual[i], relTol * Math.max(1, Math.abs(e[i])), key + " at " + i);
    }
  }

  private static float[] ct(Transform t) {
    return t.apply(subject()).scalarImage("ct").voxels();
  }

  @Test
  void zNormalizationMatchesNumpyUnbiased() {
    assertClose("znorm", ct(ZNormalization.builder().build()), 2e-6f);
    assertClose("znorm_masked", ct(ZNormalization.builder().masking("mask").build()), 2e-6f);
  }

  @Test
  void rescaleIntensityMatchesNumpy() {
    assertClose("rescale_default", ct(RescaleIntensity.builder().build()), 1e-6f);
    assertClose(
        "rescale_out_-1_1_p5_95",
        ct(RescaleIntensity.builder().outMinMax(-1, 1).percentiles(5, 95).build()),
        1e-6f);
    assertClose(
        "rescale_masked_p2_98",
        ct(RescaleIntensity.builder().percentiles(2, 98).masking("mask").build()),
        1e-6f);
    assertClose(
        "rescale_in_-50_50", ct(RescaleIntensity.builder().inMinMax(-50, 50).build()), 1e-6f);
  }

  @Test
  void gaussianBlurMatchesScipy() {
    float[] in = FIXTURE.get("input");
    assertClose("blur_1_0.5_2", RandomBlur.blur(in, SHAPE, 1, new double[] {1.0, 0.5, 2.0}), 1e-5f);
    assertClose("blur_0.7_0_3", RandomBlur.blur(in, SHAPE, 1, new double[] {0.7, 0, 3.0}), 1e-5f);
  }

  @Test
  void labelMapsAreNeverTouched() {
    Subject s = subject();
    Subject out = RescaleIntensity.builder().build().apply(s);
    assertSame(s.image("mask"), out.image("mask"));
    AppliedTransform r = (AppliedTransform) out.history().get(0);
    assertEquals(java.util.Set.of("ct"), r.changedImages());
  }

  @Test
  void clampClampsAndNeedsABound() {
    float[] out = ct(Clamp.builder().min(-100).max(40).build());
    for (int i = 0; i < out.length; i++) {
      assertEquals(Math.min(Math.max(FIXTURE.get("input")[i], -100f), 40f), out[i]);
    }
    float[] low = ct(Clamp.builder().min(0).build());
    assertTrue(Arrays.stream(box(low)).allMatch(v -> v >= 0));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Clamp.builder().build());
    assertTrue(e.getMessage().contains("bound"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Clamp.builder().min(5).max(1).build());
  }

  private static Float[] box(float[] v) {
    Float[] b = new Float[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = v[i];
    }
    return b;
  }

  @Test
  void clearErrorsForBadMasksAndConstantImages() {
    Subject s = subject();
    IllegalArgumentException notLabel =
        assertThrows(
            IllegalArgumentException.class,
            () -> ZNormalization.builder().masking("ct").build().apply(s));
    assertTrue(notLabel.getMessage().contains("LabelMap"), notLabel.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> ZNormalization.builder().masking("liver").build().apply(s));
    Subject constant =
        Subject.builder("c")
            .image("ct", ScalarImage.of(SHAPE, Affine.identity(), new float[60]))
            .build();
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> ZNormalization.builder().build().apply(constant));
    assertTrue(
        e.getMessage().contains("'ct'") && e.getMessage().contains("standard deviation"),
        e.getMessage());
    float[] before = constant.scalarImage("ct").voxels();
    assertSame(
        before, RescaleIntensity.builder().build().apply(constant).scalarImage("ct").voxels());
    assertThrows(
        IllegalArgumentException.class, () -> RescaleIntensity.builder().percentiles(50, 10));
  }
}
