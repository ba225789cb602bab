package org.liverseg.io.msd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.Affine;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.io.nifti.Nifti;

/**
 * The MSD layout rules on tiny hand-written datasets (the phantom module reads its own generated
 * datasets too): what a subject holds, and one line per problem, each naming the entry and file.
 */
class MsdDatasetTest {

  private static final Shape SHAPE = Shape.of(3, 2, 2);
  private static final Affine AFFINE = Affine.diagonal(-0.8, -0.8, 2.5).withOrigin(10, 20, -30);

  /** Writes case {@code id}'s image and label (values from {@code seed}) into the usual folders. */
  private static void writeCase(Path dir, String folder, String id, int seed, boolean label)
      throws IOException {
    float[] ct = new float[SHAPE.voxelsAsInt()];
    byte[] seg = new byte[ct.length];
    for (int i = 0; i < ct.length; i++) {
      ct[i] = seed * 100 + i;
      seg[i] = (byte) ((seed + i) % 3);
    }
    Files.createDirectories(dir.resolve(folder));
    Nifti.write(dir.resolve(folder + "/" + id + ".nii.gz"), ScalarImage.of(SHAPE, AFFINE, ct));
    if (label) {
      Files.createDirectories(dir.resolve(MsdDataset.LABELS_TR));
      Nifti.write(
          dir.resolve(MsdDataset.LABELS_TR + "/" + id + ".nii.gz"),
          LabelMap.of(SHAPE, AFFINE, seg));
    }
  }

  private static MsdPair pair(String id) {
    return new MsdPair(
        MsdDataset.relative(MsdDataset.IMAGES_TR, id + ".nii.gz"),
        MsdDataset.relative(MsdDataset.LABELS_TR, id + ".nii.gz"));
  }

  /** Two training cases (liver_0, liver_1) and one test case (liver_9). */
  private static Path dataset(Path dir) throws IOException {
    writeCase(dir, MsdDataset.IMAGES_TR, "liver_0", 0, true);
    writeCase(dir, MsdDataset.IMAGES_TR, "liver_1", 1, true);
    writeCase(dir, MsdDataset.IMAGES_TS, "liver_9", 9, false);
    MsdDataset.writeDescriptor(
        dir,
        MsdDescriptor.liver(
            "Liver",
            "tiny",
            List.of(pair("liver_1"), pair("liver_0")),
            List.of("./imagesTs/liver_9.nii.gz")));
    return dir;
  }

  private static void writeJson(Path dir, String json) throws IOException {
    Files.writeString(dir.resolve(MsdDataset.DESCRIPTOR), json);
  }

  private static MsdFormatException problems(Path dir) {
    return assertThrows(MsdFormatException.class, () -> MsdDataset.open(dir));
  }

  @Test
  void subjectsFollowTheDescriptorAndStayLazy(@TempDir Path tmp) throws IOException {
    Path dir = dataset(tmp.resolve("Task03_Liver"));
    MsdDataset msd = MsdDataset.open(dir);
    Path root = dir.toAbsolutePath().normalize();
    assertEquals(root, msd.root());
    assertEquals(List.of("liver_1", "liver_0"), msd.training().ids());
    assertEquals(List.of("liver_9"), msd.test().ids());
    assertEquals("MsdDataset(" + root + ", training=2, test=1)", msd.toString());
    assertEquals("Liver", msd.descriptor().name());
    assertEquals(MsdDescriptor.LIVER_LABELS, msd.descriptor().labels());
    assertEquals(Map.of("0", "CT"), msd.descriptor().modality());
    assertEquals(2, msd.descriptor().numTraining());
    assertEquals(1, msd.descriptor().numTest());

    Subject s = msd.training().raw(1);
    assertEquals("liver_0", s.id());
    assertEquals(List.of(MsdDataset.IMAGE, MsdDataset.LABEL), List.copyOf(s.images().keySet()));
    ScalarImage ct = s.scalarImage("ct");
    LabelMap label = s.labelMap("label");
    assertFalse(ct.isLoaded());
    assertFalse(label.isLoaded());
    Path image = root.resolve("imagesTr/liver_0.nii.gz");
    Path seg = root.resolve("labelsTr/liver_0.nii.gz");
    assertEquals(image, ct.path().orElseThrow());
    assertEquals(seg, label.path().orElseThrow());
    assertEquals(Map.of("image", image.toString(), "label", seg.toString()), s.metadata());
    assertEquals(SHAPE, s.shape());
    assertEquals(0f, ct.get(0, 0, 0));
    assertEquals(11f, ct.get(2, 1, 1));
    assertEquals(2, label.labels()[2]);

    Subject t = msd.test().raw(0);
    assertEquals(List.of(MsdDataset.IMAGE), List.copyOf(t.images().keySet()));
    assertEquals(Map.of("image", root.resolve("imagesTs/liver_9.nii.gz").toString()), t.metadata());
    assertEquals(900f, t.scalarImage("ct").get(0, 0, 0));
  }

  @Test
  void namesAndToleranceAreOptions(@TempDir Path tmp) throws IOException {
    Path dir = dataset(tmp);
    MsdDataset msd =
        MsdDataset.builder(dir).imageName("image").labelName("seg").spaceTolerance(0.5).build();
    Subject s = msd.training().raw(0);
    assertEquals(List.of("image", "seg"), List.copyOf(s.images().keySet()));
    assertEquals(0.5, s.spaceTolerance());
    assertEquals(List.of("image"), List.copyOf(msd.test().raw(0).images().keySet()));

    IllegalArgumentException same =
        assertThrows(
            IllegalArgumentException.class,
            () -> MsdDataset.builder(dir).imageName("x").labelName("x").build());
    assertEquals("image and label names must differ, both are 'x'", same.getMessage());
    IllegalArgumentException negative =
        assertThrows(
            IllegalArgumentException.class, () -> MsdDataset.builder(dir).spaceTolerance(-1e-9));
    assertEquals("space tolerance must be non-negative, got -1.0E-9", negative.getMessage());
    assertEquals(
        0.0, MsdDataset.builder(dir).spaceTolerance(0).build().training().raw(0).spaceTolerance());
  }

  @Test
  void aMissingOrUnreadableDescriptorIsTheOnlyProblem(@TempDir Path tmp) throws IOException {
    Path dir = dataset(tmp);
    Path json = dir.toAbsolutePath().normalize().resolve("dataset.json");

    Path nowhere = dir.resolve("nope");
    MsdFormatException e = problems(nowhere);
    assertEquals(List.of(nowhere + " is not a folder"), e.problems());
    assertEquals(nowhere, e.root());
    assertEquals(
        "1 problem in MSD dataset "
            + nowhere
            + ":"
            + System.lineSeparator()
            + "  - "
            + nowhere
            + " is not a folder",
        e.getMessage());

    writeJson(dir, "");
    assertEquals(List.of(json + ": empty JSON"), problems(dir).problems());

    writeJson(dir, "{\"training\": [ {\"image\": ");
    String bad = problems(dir).problems().get(0);
    assertTrue(bad.startsWith(json + ": not valid JSON ("), bad);

    Files.delete(json);
    assertEquals(List.of(json + " is missing"), problems(dir).problems());
  }

  @Test
  void everyBadEntryIsReportedOnceWithItsPlace(@TempDir Path tmp) throws IOException {
    Path dir = dataset(tmp);
    Path root = dir.toAbsolutePath().normalize();
    writeCase(dir, MsdDataset.IMAGES_TR, "liver_2", 2, false); // an image without a label
    writeJson(
        dir,
        """
        {"training": [
          {"image": "./imagesTr/liver_0.nii.gz", "label": "./labelsTr/liver_0.nii.gz"},
          null,
          {"image": "./imagesTr/liver_1.nii.gz"},
          {"label": "./labelsTr/liver_1.nii.gz"},
          {"image": "./imagesTr/liver_1.nii.gz", "label": "./labelsTr/liver_0.nii.gz"},
          {"image": "./imagesTr/liver_0.nii.gz", "label": "./labelsTr/liver_0.nii.gz"},
          {"image": "./imagesTr/liver_2.nii.gz", "label": "./labelsTr/liver_2.nii.gz"},
          {"image": "../outside.nii.gz", "label": "./labelsTr/liver_1.nii.gz"},
          {"image": "./imagesTr/liver_1.nii.gz", "label": "./labelsTr/\\u0000.nii.gz"}
        ],
        "test": ["./imagesTs/liver_9.nii.gz", null, "./imagesTr/liver_0.nii.gz",
          "./imagesTs/liver_8.nii.gz"]}
        """);
    MsdFormatException e = problems(dir);
    assertEquals(
        List.of(
            "dataset.json training[1] needs both \"image\" and \"label\"",
            "dataset.json training[2] needs both \"image\" and \"label\"",
            "dataset.json training[3] needs both \"image\" and \"label\"",
            "dataset.json training[4]: image ./imagesTr/liver_1.nii.gz is paired with the label"
                + " of another case, ./labelsTr/liver_0.nii.gz",
            "dataset.json training[5]: case liver_0 is listed more than once",
            "dataset.json training[6]: " + root.resolve("labelsTr/liver_2.nii.gz") + " is missing",
            "dataset.json training[7]: ../outside.nii.gz points outside the dataset folder",
            "dataset.json training[8]: invalid path ./labelsTr/\u0000.nii.gz",
            "dataset.json test[1] is null",
            "dataset.json test[2]: case liver_0 is listed more than once",
            "dataset.json test[3]: " + root.resolve("imagesTs/liver_8.nii.gz") + " is missing"),
        e.problems());
    assertTrue(e.getMessage().startsWith("11 problems in MSD dataset " + dir + ":"));
    assertTrue(
        e.getMessage().endsWith(System.lineSeparator() + "  - " + e.problems().get(10)),
        e.getMessage());
  }

  @Test
  void aDescriptorWithoutTrainingListIsAProblem(@TempDir Path tmp) throws IOException {
    Path dir = dataset(tmp);
    writeJson(dir, "{\"name\": \"x\", \"test\": [\"./imagesTs/liver_9.nii.gz\"]}");
    assertEquals(
        List.of(
            dir.toAbsolutePath().normalize().resolve("dataset.json") + " has no \"training\" list"),
        problems(dir).problems());
    // without a test list there are simply no test subjects
    writeJson(dir, "{\"training\": []}");
    MsdDataset msd = MsdDataset.open(dir);
    assertTrue(msd.training().isEmpty());
    assertTrue(msd.test().isEmpty());
  }

  @Test
  void headersThatCannotBeReadOrDisagreeAreProblemsNamingTheFile(@TempDir Path tmp)
      throws IOException {
    Path dir = dataset(tmp);
    Path root = dir.toAbsolutePath().normalize();
    Files.write(dir.resolve("labelsTr/liver_0.nii.gz"), new byte[] {1, 2, 3});
    Nifti.write(
        dir.resolve("imagesTs/liver_9.nii.gz"),
        ScalarImage.of(Shape.of(3, 2, 1), AFFINE, new float[6]));
    Nifti.write(
        dir.resolve("labelsTr/liver_1.nii.gz"),
        LabelMap.of(SHAPE, AFFINE.withOrigin(10.001, 20, -30), new byte[SHAPE.voxelsAsInt()]));
    List<String> p = problems(dir).problems();
    assertEquals(2, p.size(), p.toString());
    assertTrue(
        p.get(0).startsWith("subject liver_1: images 'ct' and 'label' have different"), p.get(0));
    assertTrue(p.get(1).startsWith(root.resolve("labelsTr/liver_0.nii.gz").toString()), p.get(1));
    // a looser tolerance accepts the shift; the test image has no label to disagree with
    writeCase(dir, MsdDataset.IMAGES_TR, "liver_0", 0, true);
    MsdDataset loose = MsdDataset.builder(dir).spaceTolerance(0.01).build();
    assertEquals(Shape.of(3, 2, 1), loose.test().raw(0).shape());
  }

  @Test
  void unlistedFilesAndACountThatDisagreesAreOnlyWarnings(@TempDir Path tmp) throws IOException {
    Path dir = dataset(tmp);
    writeCase(dir, MsdDataset.IMAGES_TR, "liver_5", 5, true); // listed nowhere
    Files.write(dir.resolve("imagesTr/._liver_0.nii.gz"), new byte[] {0, 5, 22, 7}); // macOS junk
    Files.writeString(dir.resolve("imagesTr/notes.txt"), "not an image");
    String json =
        Files.readString(dir.resolve("dataset.json"))
            .replace("\"numTraining\": 2", "\"numTraining\": 7");
    writeJson(dir, json);
    String log = stderrOf(() -> assertEquals(2, MsdDataset.open(dir).training().size()));
    assertTrue(
        log.contains("dataset.json: numTraining is 7 but the training list has 2 entries"), log);
    assertTrue(
        log.contains(
            dir.toAbsolutePath().normalize().resolve("imagesTr")
                + ": 1 image files are not listed in dataset.json and are ignored"),
        log);
    assertTrue(
        log.contains(
            dir.toAbsolutePath().normalize().resolve("labelsTr")
                + ": 1 image files are not listed in dataset.json and are ignored"),
        log);
    assertFalse(log.contains("imagesTs"), log);

    writeJson(dir, json.replace("\"numTraining\": 7", "\"numTraining\": 2"));
    Files.delete(dir.resolve("imagesTr/liver_5.nii.gz"));
    Files.delete(dir.resolve("labelsTr/liver_5.nii.gz"));
    assertEquals("", stderrOf(() -> MsdDataset.open(dir)));
  }

  @Test
  void descriptorsRoundTripAndTheRealFilesSpellingIsRead(@TempDir Path dir) throws IOException {
    MsdDescriptor d =
        MsdDescriptor.liver("Liver", "d", List.of(pair("liver_3")), List.of("./imagesTs/a.nii"));
    MsdDataset.writeDescriptor(dir.resolve("new/folder"), d);
    assertEquals(d, MsdDataset.readDescriptor(dir.resolve("new/folder")));
    String text = Files.readString(dir.resolve("new/folder/dataset.json"));
    assertTrue(text.endsWith("}" + System.lineSeparator()), text);
    assertTrue(text.contains("\"release\": \"1.0\""), text);
    assertEquals(List.of("dataset.json"), fileNames(dir.resolve("new/folder")));

    Files.writeString(dir.resolve("dataset.json"), "{\"relase\": \"2.0 04/05/2018\"}");
    assertEquals("2.0 04/05/2018", MsdDataset.readDescriptor(dir).release());
  }

  @Test
  void subjectIdsAndRelativePaths() {
    for (String ext : List.of(".nii.gz", ".nii", ".hdr.gz", ".hdr", ".img.gz", ".img")) {
      assertEquals("liver_7", MsdDataset.subjectId("liver_7" + ext));
    }
    assertEquals("liver_7.nii.bak", MsdDataset.subjectId("liver_7.nii.bak"));
    assertEquals("./imagesTr/liver_7.nii.gz", MsdDataset.relative("imagesTr", "liver_7.nii.gz"));
  }

  @Test
  void oneProblemOrSeveralInTheMessage(@TempDir Path dir) {
    MsdFormatException two = new MsdFormatException(dir, List.of("a", "b"));
    String nl = System.lineSeparator();
    assertEquals(
        "2 problems in MSD dataset " + dir + ":" + nl + "  - a" + nl + "  - b", two.getMessage());
    assertEquals(List.of("a", "b"), two.problems());
  }

  private static List<String> fileNames(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** What slf4j-simple (which writes to the current {@code System.err}) logged while running. */
  private static String stderrOf(ThrowingRunnable r) throws IOException {
    PrintStream old = System.err;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(old);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }

  private interface ThrowingRunnable {
    void run() throws IOException;
  }
}
