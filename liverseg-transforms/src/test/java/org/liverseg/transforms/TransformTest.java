package org.liverseg.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.spatial.Pad;

class TransformTest {

  private final Subject s = TestSubjects.ctAndLabel(Shape.of(3, 3, 3), Affine.identity());

  @Test
  void unknownIncludeOrExcludeNameIsAClearError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Pad.builder().padding(1).include("liver").build().apply(s));
    assertTrue(
        e.getMessage().contains("'liver'") && e.getMessage().contains("[ct, label]"),
        e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Pad.builder().padding(1).exclude("x").build().apply(s));
    assertThrows(
        IllegalArgumentException.class, () -> Pad.builder().include("ct").exclude("label"));
  }

  @Test
  void probabilityZeroSkipsAndOneApplies() {
    assertSame(s, Pad.builder().padding(1).p(0).seed(1).build().apply(s));
    Subject once = Pad.builder().padding(1).p(1).build().apply(s);
    assertEquals(1, once.history().size());
    assertThrows(IllegalArgumentException.class, () -> Pad.builder().p(1.5));
  }

  @Test
  void probabilityBelowOneNeedsAGenerator() {
    Transform t = Pad.builder().padding(1).p(0.5).build();
    assertTrue(t.isRandom());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.apply(s));
    assertTrue(e.getMessage().contains("seed"), e.getMessage());
    int applied = 0;
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < 400; i++) {
      applied += t.apply(s, r) == s ? 0 : 1;
    }
    assertTrue(applied > 150 && applied < 250, "applied " + applied);
  }
}
