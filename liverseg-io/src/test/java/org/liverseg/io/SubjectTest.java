package org.liverseg.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.nifti.Nifti;

class SubjectTest {

  private static final Affine A = Affine.diagonal(-0.7, -0.7, 2.5).withOrigin(90, 110, -300);
  private static final Shape S = Shape.of(4, 3, 2);

  static ScalarImage ct(Shape s, Affine a) {
    return ScalarImage.of(s, a, new float[s.voxelsAsInt()]);
  }

  static LabelMap label(Shape s, Affine a) {
    return LabelMap.of(s, a, new byte[s.voxelsAsInt()]);
  }

  record Rec(String name, Map<String, Object> parameters) implements TransformRecord {}

  @Test
  void buildsAndAnswers() {
    Subject s =
        Subject.builder("liver_3")
            .image("ct", ct(S, A))
            .image("label", label(S, A))
            .metadata("k", "v")
            .build();
    assertEquals("liver_3", s.id());
    assertEquals(List.of("ct", "label"), List.copyOf(s.images().keySet()));
    assertEquals(S, s.shape());
    assertEquals(A, s.affine());
    assertEquals("v", s.metadata().get("k"));
    assertTrue(s.has("ct"));
    assertTrue(s.history().isEmpty());
    assertSame(s.image("ct"), s.scalarImage("ct"));
  }

  @Test
  void shapeMismatchNamesBothImages() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Subject.builder("liver_3")
                    .image("ct", ct(S, A))
                    .image("label", label(Shape.of(4, 3, 3), A))
                    .build());
    String m = e.getMessage();
    assertTrue(
        m.contains("liver_3")
            && m.contains("'ct'")
            && m.contains("'label'")
            && m.contains("4x3x2")
            && m.contains("4x3x3"),
        m);
  }

  @Test
  void affineMismatchNamesBothImagesAndTheDifference() {
    Affine shifted = A.withOrigin(90, 110, -300 + 0.01);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Subject.builder("liver_3")
                    .image("ct", ct(S, A))
                    .image("label", label(S, shifted))
                    .build());
    assertTrue(e.getMessage().contains("'ct' and 'label' have different affines"), e.getMessage());
    // within a looser tolerance the same images form a subject
    Subject ok =
        Subject.builder("liver_3")
            .spaceTolerance(0.02)
            .image("ct", ct(S, A))
            .image("label", label(S, shifted))
            .build();
    assertEquals(0.02, ok.spaceTolerance());
  }

  /** The space check accepts exactly the differences up to the tolerance (default 1e-4 mm). */
  @Property(tries = 200)
  void toleranceIsInclusive(@ForAll @DoubleRange(min = 0, max = 3e-4) @Scale(8) double d) {
    Affine b = A.withOrigin(90 + d, 110, -300);
    boolean accepted;
    try {
      Subject.builder("s").image("a", ct(S, A)).image("b", label(S, b)).build();
      accepted = true;
    } catch (IllegalArgumentException e) {
      accepted = false;
    }
    assertEquals(
        A.maxAbsDifference(b) <= Subject.DEFAULT_SPACE_TOLERANCE, accepted, "difference " + d);
  }

  @Test
  void otherErrorsNameWhatWasWrong() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Subject.builder("empty").build())
            .getMessage()
            .contains("empty has no images"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> Subject.builder("s").image("ct", ct(S, A)).image("ct", ct(S, A)))
            .getMessage()
            .contains("already has an image named 'ct'"));
    Subject s = Subject.builder("s").image("ct", ct(S, A)).image("label", label(S, A)).build();
    NoSuchElementException n = assertThrows(NoSuchElementException.class, () -> s.image("mask"));
    assertTrue(
        n.getMessage().contains("'mask'") && n.getMessage().contains("[ct, label]"),
        n.getMessage());
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> s.labelMap("ct"))
            .getMessage()
            .contains("scalar image, not a label map"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> s.scalarImage("label"))
            .getMessage()
            .contains("label map, not a scalar image"));
    assertThrows(IllegalArgumentException.class, () -> Subject.builder("s").spaceTolerance(-1));
    assertThrows(
        IllegalArgumentException.class, () -> s.withImage("bad", ct(Shape.of(1, 1, 1), A)));
  }

  @Test
  void derivedCopiesLeaveTheOriginalUnchanged() {
    Subject s = Subject.builder("s").image("ct", ct(S, A)).build();
    Subject t = s.withImage("label", label(S, A)).withMetadata("m", "1");
    assertEquals(1, s.images().size());
    assertEquals(2, t.images().size());
    assertTrue(s.metadata().isEmpty());
    Map<String, Image> replaced = new LinkedHashMap<>(t.images());
    replaced.put("ct", ct(S, A));
    Subject u = t.withImages(replaced, new Rec("Noise", Map.of("std", 0.1)));
    assertEquals(List.of("Noise"), u.history().stream().map(TransformRecord::name).toList());
    assertTrue(t.history().isEmpty());
    Subject v = u.withImages(u.images(), new Rec("Flip", Map.of("axes", List.of(0))));
    assertEquals(
        List.of("Noise", "Flip"), v.history().stream().map(TransformRecord::name).toList());
    assertTrue(v.withHistory(List.of()).history().isEmpty());
    assertEquals("1", v.metadata().get("m"));
  }

  @Test
  void theToleranceItselfIsAccepted() {
    // 0.5 is exact in binary: the origins differ by exactly the tolerance
    Subject s =
        Subject.builder("s")
            .spaceTolerance(0.5)
            .image("a", ct(S, A.withOrigin(90, 110, -300)))
            .image("b", label(S, A.withOrigin(90.5, 110, -300)))
            .build();
    assertEquals(2, s.images().size());
    Subject exact =
        Subject.builder("s").spaceTolerance(0).image("a", ct(S, A)).image("b", label(S, A)).build();
    assertEquals(0.0, exact.spaceTolerance());
    assertEquals(
        "tolerance must be non-negative, got -1.0E-9",
        assertThrows(
                IllegalArgumentException.class, () -> Subject.builder("s").spaceTolerance(-1e-9))
            .getMessage());
  }

  @Test
  void accessorsAndDescription() {
    Subject s =
        Subject.builder("liver_3").image("ct", ct(S, A)).image("label", label(S, A)).build();
    assertFalse(s.has("mask"));
    assertSame(s.image("label"), s.labelMap("label"));
    assertArrayEquals(new double[] {0.7, 0.7, 2.5}, s.spacing(), 1e-12);
    assertEquals("Subject(liver_3, images=[ct, label], shape=4x3x2)", s.toString());
  }

  @Test
  void loadReadsEveryLazyImageAndReturnsTheSubject(@TempDir Path dir) throws IOException {
    Path ct = dir.resolve("ct.nii");
    Path seg = dir.resolve("seg.nii");
    Nifti.write(ct, ct(S, A));
    Nifti.write(seg, label(S, A));
    Subject s =
        Subject.builder("s")
            .image("ct", ScalarImage.lazy(ct))
            .image("label", LabelMap.lazy(seg))
            .build();
    assertFalse(s.image("ct").isLoaded());
    assertSame(s, s.load());
    assertTrue(s.image("ct").isLoaded());
    assertTrue(s.image("label").isLoaded());
  }

  @Test
  void mismatchMessagesNameTheFilesWhereThereAreFiles(@TempDir Path dir) throws IOException {
    Path seg = dir.resolve("seg.nii");
    Nifti.write(seg, label(Shape.of(4, 3, 3), A));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Subject.builder("s")
                    .image("ct", ct(S, A))
                    .image("label", LabelMap.lazy(seg))
                    .build());
    assertEquals(
        "subject s: image 'ct' has spatial shape 4x3x2 but image 'label' has 4x3x3 (files - and "
            + seg
            + ")",
        e.getMessage());
    IllegalArgumentException affine =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Subject.builder("s")
                    .image("ct", ct(S, A))
                    .image("label", label(S, A.withOrigin(91, 110, -300)))
                    .build());
    String nl = System.lineSeparator();
    assertEquals(
        "subject s: images 'ct' and 'label' have different affines (largest difference 1.00 >"
            + " tolerance 0.000100)"
            + nl
            + A
            + nl
            + A.withOrigin(91, 110, -300),
        affine.getMessage());
  }

  @Test
  void messagesDoNotDependOnTheDefaultLocale() {
    java.util.Locale before = java.util.Locale.getDefault();
    java.util.Locale.setDefault(java.util.Locale.GERMANY);
    try {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  Subject.builder("s")
                      .image("ct", ct(S, A))
                      .image("label", label(S, A.withOrigin(91, 110, -300)))
                      .build());
      assertTrue(
          e.getMessage().contains("largest difference 1.00 > tolerance 0.000100"), e.getMessage());
      assertTrue(ct(S, A).toString().contains("spacing=(0.700, 0.700, 2.50)"), ct(S, A).toString());
    } finally {
      java.util.Locale.setDefault(before);
    }
  }
}
