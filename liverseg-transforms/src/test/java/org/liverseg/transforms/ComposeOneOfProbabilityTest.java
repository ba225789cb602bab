package org.liverseg.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.intensity.Clamp;
import org.liverseg.transforms.spatial.Pad;

/** {@code p} on Compose and OneOf, as TorchIO's: one draw decides whether anything runs. */
class ComposeOneOfProbabilityTest {

  private final Subject s = TestSubjects.ctAndLabel(Shape.of(3, 3, 3), Affine.identity());
  private final Transform pad = Pad.builder().padding(1).build();
  private final Transform clamp = Clamp.builder().max(5).build();

  @Test
  void composeRunsWholeOrNotAtAllByItsFirstDraw() {
    Compose c = Compose.of(pad, clamp).p(0.3);
    assertEquals(0.3, c.probability());
    assertTrue(c.isRandom());
    assertFalse(Compose.of(pad, clamp).isRandom());
    SplittableRandom replay = new SplittableRandom(7);
    SplittableRandom r = new SplittableRandom(7);
    int ran = 0;
    for (int i = 0; i < 50; i++) {
      boolean expected = replay.nextDouble() < 0.3;
      Subject out = c.apply(s, r);
      assertEquals(expected ? 2 : 0, out.history().size());
      if (!expected) {
        assertSame(s, out);
      }
      ran += expected ? 1 : 0;
    }
    assertTrue(ran > 0 && ran < 50);
    assertSame(s, Compose.of(pad).p(0).apply(s, new SplittableRandom(1)));
    assertEquals(1, Compose.of(pad).p(1).apply(s).history().size());
  }

  @Test
  void composeWithPNeedsAGeneratorAndAValidProbability() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Compose.of(pad).p(0.5).apply(s));
    assertTrue(e.getMessage().contains("seeded"), e.getMessage());
    Compose seeded = Compose.of(pad).p(0.5).seeded(3);
    assertEquals(0.5, seeded.probability());
    SplittableRandom outer = new SplittableRandom(3);
    boolean runs = new SplittableRandom(outer.nextLong()).nextDouble() < 0.5;
    assertEquals(runs ? 1 : 0, seeded.apply(s).history().size());
    assertThrows(IllegalArgumentException.class, () -> Compose.of(pad).p(1.01));
    assertThrows(IllegalArgumentException.class, () -> Compose.of(pad).p(-0.1));
  }

  @Test
  void oneOfDrawsItsProbabilityBeforeItsChoice() {
    OneOf one = OneOf.builder().add(pad, 1).add(clamp, 1).p(0.6).build();
    assertEquals(0.6, one.probability());
    assertTrue(one.toString().contains("p=0.6"), one.toString());
    SplittableRandom replay = new SplittableRandom(11);
    SplittableRandom r = new SplittableRandom(11);
    for (int i = 0; i < 50; i++) {
      boolean runs = replay.nextDouble() < 0.6;
      String expected = null;
      if (runs) {
        expected = replay.nextDouble() < 0.5 ? "Pad" : "Clamp";
      }
      Subject out = one.apply(s, r);
      if (runs) {
        assertEquals(expected, out.history().get(0).name());
      } else {
        assertSame(s, out);
      }
    }
    assertEquals(1.0, OneOf.builder().add(pad).build().probability());
    assertThrows(IllegalArgumentException.class, () -> OneOf.builder().p(2));
  }

  @Test
  void atProbabilityOneNothingIsDrawnForP() {
    Transform noise = org.liverseg.transforms.intensity.RandomNoise.builder().build();
    Subject viaCompose = Compose.of(noise).p(1).apply(s, new SplittableRandom(9));
    Subject direct = noise.apply(s, new SplittableRandom(9));
    assertEquals(direct.history(), viaCompose.history());
    OneOf one = OneOf.builder().add(pad, 1).add(clamp, 1).build();
    SplittableRandom replay = new SplittableRandom(12);
    SplittableRandom r = new SplittableRandom(12);
    for (int i = 0; i < 20; i++) {
      String expected = replay.nextDouble() < 0.5 ? "Pad" : "Clamp";
      assertEquals(expected, one.apply(s, r).history().get(0).name());
    }
  }

  @Test
  void namesAndContents() {
    Compose c = Compose.of(pad, clamp);
    assertEquals("Compose", c.name());
    assertEquals(List.of(pad, clamp), c.transforms());
    assertEquals("Compose[Pad, Clamp]", c.toString());
    OneOf one = OneOf.builder().add(pad, 1).add(clamp, 3).random(new SplittableRandom(1)).build();
    assertEquals("OneOf", one.name());
    assertTrue(one.isRandom());
    assertEquals(List.of(pad, clamp), one.transforms());
    assertEquals("OneOf[Pad, Clamp] weights=[0.25, 0.75]", one.toString());
    assertEquals(1, one.apply(s).history().size());
    assertEquals(1, OneOf.builder().add(pad).seed(3).build().apply(s).history().size());
    assertThrows(IllegalArgumentException.class, () -> OneOf.builder().p(-0.01));
    assertEquals(0.0, OneOf.builder().add(pad).p(0).build().probability());
  }
}
