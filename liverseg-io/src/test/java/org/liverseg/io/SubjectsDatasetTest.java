package org.liverseg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class SubjectsDatasetTest {

  private static Subject subject(String id) {
    Shape s = Shape.of(2, 2, 2);
    return Subject.builder(id)
        .image("ct", ScalarImage.of(s, Affine.identity(), new float[8]))
        .build();
  }

  private final List<Subject> subjects = List.of(subject("a"), subject("b"), subject("c"));

  @Test
  void transformIsAppliedOnEveryAccessAndNotStored() {
    AtomicInteger calls = new AtomicInteger();
    UnaryOperator<Subject> tag =
        s -> {
          calls.incrementAndGet();
          return s.withMetadata("seen", "yes");
        };
    SubjectsDataset d = SubjectsDataset.of(subjects, tag);
    assertEquals(3, d.size());
    assertEquals("yes", d.get(1).metadata().get("seen"));
    assertEquals("yes", d.get(1).metadata().get("seen"));
    assertEquals(2, calls.get());
    assertTrue(d.raw(1).metadata().isEmpty());
    assertSame(subjects.get(1), d.raw(1));
    assertTrue(d.transform().isPresent());
    assertEquals(List.of("a", "b", "c"), d.stream().map(Subject::id).toList());
  }

  @Test
  void withoutTransformReturnsTheStoredSubjects() {
    SubjectsDataset d = SubjectsDataset.of(subjects);
    assertSame(subjects.get(0), d.get(0));
    assertTrue(d.transform().isEmpty());
    SubjectsDataset t = d.withTransform(s -> s.withMetadata("x", "1"));
    assertEquals("1", t.get(0).metadata().get("x"));
    assertTrue(d.get(0).metadata().isEmpty());
  }

  @Test
  void selectKeepsOrderAndTransform() {
    SubjectsDataset d = SubjectsDataset.of(subjects, s -> s.withMetadata("x", "1"));
    SubjectsDataset sel = d.select(List.of(2, 0));
    assertEquals(List.of("c", "a"), sel.subjects().stream().map(Subject::id).toList());
    assertEquals("1", sel.get(0).metadata().get("x"));
  }

  @Test
  void badIndexSaysWhichAndHowMany() {
    SubjectsDataset d = SubjectsDataset.of(subjects);
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> d.get(3));
    assertTrue(
        e.getMessage().contains("subject index") && e.getMessage().contains("3"), e.getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> d.raw(-1));
    assertThrows(UnsupportedOperationException.class, () -> d.add(subject("d")));
    assertThrows(NullPointerException.class, () -> SubjectsDataset.of(subjects, null));
  }
}
