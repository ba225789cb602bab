package org.liverseg.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.intensity.Clamp;
import org.liverseg.transforms.intensity.RandomGamma;
import org.liverseg.transforms.intensity.RandomNoise;
import org.liverseg.transforms.intensity.RescaleIntensity;
import org.liverseg.transforms.spatial.CropOrPad;
import org.liverseg.transforms.spatial.RandomAffine;
import org.liverseg.transforms.spatial.RandomElasticDeformation;
import org.liverseg.transforms.spatial.RandomFlip;

class PipelineTest {

  private static Transform pipeline() {
    return Compose.of(
        Clamp.builder().min(10).max(300).build(),
        RescaleIntensity.builder().build(),
        CropOrPad.builder().target(10, 12, 8).build(),
        RandomFlip.builder().axes(0, 1).build(),
        OneOf.builder()
            .add(RandomAffine.builder().build(), 3)
            .add(RandomElasticDeformation.builder().build(), 1)
            .build(),
        RandomGamma.builder().p(0.5).build(),
        RandomNoise.builder().std(0.05).build());
  }

  @Test
  void sameSeedGivesIdenticalSubjects() {
    Subject s = TestSubjects.ctAndLabel(Shape.of(9, 14, 8), TestSubjects.obliqueAffine());
    Transform t = pipeline();
    for (long seed = 0; seed < 5; seed++) {
      Subject a = t.apply(s, new SplittableRandom(seed));
      Subject b = t.apply(s, new SplittableRandom(seed));
      assertEquals(a.history(), b.history());
      assertArrayEquals(a.scalarImage("ct").voxels(), b.scalarImage("ct").voxels());
      assertArrayEquals(a.labelMap("label").labels(), b.labelMap("label").labels());
    }
    Subject c = t.apply(s, new SplittableRandom(100));
    Subject d = t.apply(s, new SplittableRandom(101));
    assertNotEquals(c.history(), d.history());
    Compose seeded = ((Compose) t).seeded(42);
    Subject e = seeded.apply(s);
    Subject f = ((Compose) t).seeded(42).apply(s);
    assertArrayEquals(e.scalarImage("ct").voxels(), f.scalarImage("ct").voxels());
    assertThrows(IllegalStateException.class, () -> t.apply(s));
  }

  @Test
  void oneOfFollowsItsWeights() {
    Subject s = TestSubjects.ctAndLabel(Shape.of(4, 4, 4), TestSubjects.obliqueAffine());
    OneOf one =
        OneOf.builder()
            .add(Clamp.builder().min(0).build(), 1)
            .add(Clamp.builder().max(5).build(), 3)
            .build();
    assertArrayEquals(new double[] {0.25, 0.75}, one.probabilities(), 1e-12);
    SplittableRandom r = new SplittableRandom(2);
    int second = 0;
    for (int i = 0; i < 2000; i++) {
      Subject out = one.apply(s, r);
      second += "none".equals(out.history().get(0).parameters().get("out_min")) ? 1 : 0;
    }
    assertTrue(second > 1400 && second < 1600, "second chosen " + second);
    assertThrows(
        IllegalArgumentException.class,
        () -> OneOf.builder().add(Clamp.builder().min(0).build(), 0));
    assertThrows(IllegalArgumentException.class, () -> OneOf.builder().build());
    assertThrows(IllegalStateException.class, () -> one.apply(s));
  }

  @Test
  void historyInversionSkipsIntensityAndUndoesSpatialSteps() {
    Subject s = TestSubjects.ctAndLabel(Shape.of(9, 14, 8), TestSubjects.obliqueAffine());
    Transform t =
        Compose.of(
            Clamp.builder().min(10).build(),
            CropOrPad.builder().target(12, 10, 8).build(),
            org.liverseg.transforms.spatial.Flip.builder().axes(1).build());
    Subject pre = t.apply(s);
    Subject back = Transforms.inverse(pre.withImage("pred", pre.labelMap("label")));
    assertEquals(s.shape(), back.shape());
    assertEquals(s.affine(), back.affine());
    assertEquals(1, back.history().size());
    assertEquals("Clamp", back.history().get(0).name());
    assertEquals(s.labelMap("label").get(3, 5, 2), back.labelMap("pred").get(3, 5, 2));
  }
}
