package org.liverseg.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Box;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;

class BatchCollatorTest {

  private static final Shape SHAPE = new Shape(13, 11, 7);

  private static Subject subject() {
    return Subject.builder("c1")
        .image("ct", TestSubjects.indexImage(SHAPE, 2))
        .image("label", TestSubjects.labels(SHAPE, i -> i % 3))
        .build();
  }

  @Test
  void layoutIsBatchChannelZYXWithXFastest() {
    Subject s = subject();
    List<Patch> patches =
        List.of(Patch.of(s, new Box(1, 2, 3, 6, 5, 7)), Patch.of(s, new Box(8, 0, 0, 13, 3, 4)));
    List<String> names = List.of("ct", "label");
    assertArrayEquals(new long[] {2, 3, 4, 3, 5}, BatchCollator.shape(patches, names));
    float[] batch = BatchCollator.collate(patches, names);
    assertEquals(2 * 3 * 4 * 3 * 5, batch.length);
    for (int b = 0; b < 2; b++) {
      Box l = patches.get(b).location();
      for (int c = 0; c < 3; c++) {
        for (int z = 0; z < 4; z++) {
          for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 5; x++) {
              int at = (((b * 3 + c) * 4 + z) * 3 + y) * 5 + x;
              float expected =
                  c < 2
                      ? s.image("ct").valueAt(c, l.x0() + x, l.y0() + y, l.z0() + z)
                      : s.labelMap("label").get(l.x0() + x, l.y0() + y, l.z0() + z);
              assertEquals(
                  expected, batch[at], "b" + b + " c" + c + " (" + x + ", " + y + ", " + z + ")");
            }
          }
        }
      }
    }
  }

  @Test
  void detachedPatchesCollateLikeViews() {
    Subject s = subject();
    List<Patch> views =
        List.of(Patch.of(s, new Box(2, 3, 1, 9, 8, 6)), Patch.of(s, new Box(0, 0, 2, 7, 5, 7)));
    List<Patch> detached = views.stream().map(Patch::detach).toList();
    assertTrue(detached.get(0).isDetached());
    assertEquals(views.get(0).location(), detached.get(0).location());
    assertEquals(new Box(0, 0, 0, 7, 5, 5), detached.get(0).region());
    assertEquals(new Shape(7, 5, 5), detached.get(0).subject().shape());
    assertTrue(detached.get(0).subject().affine().isClose(s.affine().shiftedBy(2, 3, 1), 1e-12));
    assertArrayEquals(
        BatchCollator.collate(views, "ct", "label"),
        BatchCollator.collate(detached, "ct", "label"));
    assertArrayEquals(
        BatchCollator.oneHot(views, "label", 3), BatchCollator.oneHot(detached, "label", 3));
    ScalarImage image = (ScalarImage) views.get(1).image("ct");
    assertArrayEquals(((ScalarImage) detached.get(1).image("ct")).voxels(), image.voxels());
  }

  @Test
  void oneHotSetsExactlyTheLabelsClass() {
    Subject s = subject();
    List<Patch> patches = List.of(Patch.of(s, new Box(3, 1, 0, 8, 4, 2)));
    float[] oneHot = BatchCollator.oneHot(patches, "label", 4);
    assertArrayEquals(new long[] {1, 4, 2, 3, 5}, BatchCollator.oneHotShape(patches, 4));
    int n = 2 * 3 * 5;
    for (int z = 0; z < 2; z++) {
      for (int y = 0; y < 3; y++) {
        for (int x = 0; x < 5; x++) {
          int label = s.labelMap("label").get(3 + x, 1 + y, z);
          for (int c = 0; c < 4; c++) {
            assertEquals(c == label ? 1f : 0f, oneHot[c * n + (z * 3 + y) * 5 + x]);
          }
        }
      }
    }
  }

  @Test
  void intoVariantsOverwriteEveryElement() {
    Subject s = subject();
    List<Patch> patches = List.of(Patch.of(s, new Box(0, 0, 0, 4, 4, 4)));
    float[] reused = new float[3 * 64];
    Arrays.fill(reused, Float.NaN);
    BatchCollator.oneHotInto(patches, "label", 3, reused);
    assertArrayEquals(BatchCollator.oneHot(patches, "label", 3), reused);
    float[] x = new float[2 * 64];
    Arrays.fill(x, Float.NaN);
    BatchCollator.collateInto(patches, List.of("ct"), x);
    assertArrayEquals(BatchCollator.collate(patches, "ct"), x);
  }

  @Test
  void errorsNameWhatIsWrong() {
    Subject s = subject();
    Patch a = Patch.of(s, new Box(0, 0, 0, 4, 4, 4));
    Patch b = Patch.of(s, new Box(0, 0, 0, 4, 4, 3));
    IllegalArgumentException sizes =
        assertThrows(
            IllegalArgumentException.class, () -> BatchCollator.collate(List.of(a, b), "ct"));
    assertEquals(
        "patches of one batch must have the same size: patch 0 (c1) is 4x4x4 but patch 1 (c1) is 4x4x3",
        sizes.getMessage());
    IllegalArgumentException label =
        assertThrows(
            IllegalArgumentException.class, () -> BatchCollator.oneHot(List.of(a), "label", 2));
    assertEquals(
        "subject c1 has label 2 at voxel (2, 0, 0), outside the 2 one-hot classes 0..1",
        label.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> BatchCollator.collateInto(List.of(a), List.of("ct"), new float[5]));
    Subject other =
        Subject.builder("c2")
            .image("ct", ScalarImage.zeros(new ImageGeometry(SHAPE, 1, TestSubjects.AFFINE)))
            .build();
    IllegalArgumentException channels =
        assertThrows(
            IllegalArgumentException.class,
            () -> BatchCollator.collate(List.of(a, Patch.of(other, a.location())), "ct"));
    assertTrue(channels.getMessage().contains("subject c2"), channels.getMessage());
    IllegalArgumentException outside =
        assertThrows(
            IllegalArgumentException.class, () -> Patch.of(s, new Box(10, 0, 0, 14, 4, 4)));
    assertEquals(
        "patch (10, 0, 0, 14, 4, 4) does not fit in subject c1 of shape 13x11x7",
        outside.getMessage());
  }

  /** Label maps are mostly runs of one label: rows of one label take a faster path. */
  private static Subject blocks() {
    // label 2 in x < 6, label 1 in 6 <= x < 9 for y >= 5, and in the last slice label 200
    // (unsigned) where x >= 4 and y >= 5
    return Subject.builder("c3")
        .image(
            "label",
            TestSubjects.labels(
                SHAPE,
                i -> {
                  int x = i % SHAPE.x();
                  int y = i / SHAPE.x() % SHAPE.y();
                  int z = i / (SHAPE.x() * SHAPE.y());
                  return z == 6 && x >= 4 && y >= 5 ? 200 : x < 6 ? 2 : x < 9 && y >= 5 ? 1 : 0;
                }))
        .build();
  }

  @Test
  void uniformRowsEncodeLikeAnyOther() {
    Subject s = blocks();
    LabelMap map = s.labelMap("label");
    List<Patch> patches =
        List.of(Patch.of(s, new Box(0, 0, 0, 6, 4, 3)), Patch.of(s, new Box(6, 3, 2, 12, 7, 5)));
    float[] oneHot = BatchCollator.oneHot(patches, "label", 3);
    float[] collated = BatchCollator.collate(patches, "label");
    int n = 6 * 4 * 3;
    for (int b = 0; b < 2; b++) {
      Box l = patches.get(b).location();
      for (int z = 0; z < 3; z++) {
        for (int y = 0; y < 4; y++) {
          for (int x = 0; x < 6; x++) {
            int label = map.get(l.x0() + x, l.y0() + y, l.z0() + z);
            int at = (z * 4 + y) * 6 + x;
            assertEquals(label, collated[b * n + at]);
            for (int c = 0; c < 3; c++) {
              assertEquals(c == label ? 1f : 0f, oneHot[(b * 3 + c) * n + at], "b" + b + " c" + c);
            }
          }
        }
      }
    }
    // rows of the unsigned label 200, collated as floats; as a class it is out of range
    Patch high = Patch.of(s, new Box(4, 5, 6, 9, 7, 7));
    float[] values = BatchCollator.collate(List.of(high), "label");
    for (float v : values) {
      assertEquals(200f, v);
    }
    Patch edge = Patch.of(s, new Box(3, 4, 5, 7, 7, 7));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> BatchCollator.oneHot(List.of(edge), "label", 3));
    assertEquals(
        "subject c3 has label 200 at voxel (4, 5, 6), outside the 3 one-hot classes 0..2",
        e.getMessage());
  }

  @Test
  void argumentsAreCheckedBeforeAnythingIsWritten() {
    Subject s = subject();
    Patch a = Patch.of(s, new Box(0, 0, 0, 4, 4, 4));
    List<Patch> one = List.of(a);
    assertEquals(
        "no image names to collate",
        assertThrows(
                IllegalArgumentException.class,
                () -> BatchCollator.collateInto(one, List.of(), new float[0]))
            .getMessage());
    assertEquals(
        "cannot collate an empty list of patches",
        assertThrows(IllegalArgumentException.class, () -> BatchCollator.collate(List.of(), "ct"))
            .getMessage());
    for (int classes : new int[] {0, 257}) {
      assertEquals(
          "classes must be in 1..256, got " + classes,
          assertThrows(
                  IllegalArgumentException.class, () -> BatchCollator.oneHot(one, "label", classes))
              .getMessage());
    }
    Subject zeros = Subject.builder("z").image("label", TestSubjects.labels(SHAPE, i -> 0)).build();
    Patch z = Patch.of(zeros, a.location());
    float[] single = BatchCollator.oneHot(List.of(z), "label", 1);
    for (float v : single) {
      assertEquals(1f, v);
    }
    assertEquals(256 * 64, BatchCollator.oneHot(List.of(z), "label", 256).length);
    assertEquals(
        "one-hot array has length 5 but 1 patches of 4x4x4 with 3 classes need 192",
        assertThrows(
                IllegalArgumentException.class,
                () -> BatchCollator.oneHotInto(one, "label", 3, new float[5]))
            .getMessage());
    // a later patch with more channels than the first
    Subject more = TestSubjects.scalar("c4", SHAPE, 3);
    IllegalArgumentException channels =
        assertThrows(
            IllegalArgumentException.class,
            () -> BatchCollator.collate(List.of(a, Patch.of(more, a.location())), "ct"));
    assertEquals(
        "patch 1 of subject c4 has more channels in [ct] than the first patch (2)",
        channels.getMessage());
    // a batch no Java array can hold is refused before allocating
    List<Patch> many = java.util.Collections.nCopies(200_000, a);
    assertEquals(
        "batch of shape [200000, 256, 4, 4, 4] has 3276800000 values, more than one Java array"
            + " holds",
        assertThrows(IllegalArgumentException.class, () -> BatchCollator.oneHot(many, "label", 256))
            .getMessage());
  }
}
