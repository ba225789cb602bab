package org.liverseg.phantoms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.Affine;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Subject;
import org.liverseg.io.SubjectsDataset;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.io.msd.MsdFormatException;
import org.liverseg.io.nifti.Nifti;

/** Reads tiny phantom datasets written to disk, intact and broken in every way listed. */
class MsdDatasetOnPhantomsTest {

  private static final PhantomGenerator GEN =
      PhantomGenerator.builder().size(PhantomSize.TINY).seed(99).build();

  @TempDir static Path shared;
  static Path original;
  static final List<String> progress = new ArrayList<>();

  @BeforeAll
  static void writeDataset() throws IOException {
    original = shared.resolve("Task03_Liver");
    GEN.writeDataset(original, 3, (id, done, total) -> progress.add(id + " " + done + "/" + total));
  }

  @Test
  void writesTheTask03Layout() throws IOException {
    assertEquals(3, progress.size());
    assertTrue(progress.get(2).endsWith("3/3"), progress.toString());
    JsonObject json =
        JsonParser.parseString(Files.readString(original.resolve("dataset.json")))
            .getAsJsonObject();
    assertEquals("background", json.getAsJsonObject("labels").get("0").getAsString());
    assertEquals("liver", json.getAsJsonObject("labels").get("1").getAsString());
    assertEquals("cancer", json.getAsJsonObject("labels").get("2").getAsString());
    assertEquals("CT", json.getAsJsonObject("modality").get("0").getAsString());
    assertEquals(3, json.get("numTraining").getAsInt());
    assertEquals(0, json.getAsJsonArray("test").size());
    JsonObject first = json.getAsJsonArray("training").get(0).getAsJsonObject();
    assertEquals("./imagesTr/liver_0.nii.gz", first.get("image").getAsString());
    assertEquals("./labelsTr/liver_0.nii.gz", first.get("label").getAsString());
    assertEquals(
        "int16",
        Nifti.readHeader(original.resolve("imagesTr/liver_1.nii.gz")).datatype().numpyName());
    assertEquals(
        "uint8",
        Nifti.readHeader(original.resolve("labelsTr/liver_1.nii.gz")).datatype().numpyName());
  }

  @Test
  void readsBackLazilyAndIdenticalToTheGeneratedCases() throws IOException {
    Path dir = copy("junk");
    // macOS resource-fork junk as found in the real Task03_Liver archive, and an unlisted file
    Files.write(dir.resolve("imagesTr/._liver_0.nii.gz"), new byte[] {0, 5, 22, 7});
    Files.write(dir.resolve("labelsTr/._liver_0.nii.gz"), new byte[] {0, 5, 22, 7});
    MsdDataset msd = MsdDataset.open(dir);
    SubjectsDataset training = msd.training();
    assertEquals(3, training.size());
    assertEquals(0, msd.test().size());
    assertEquals("Liver", msd.descriptor().name());
    for (int c = 0; c < 3; c++) {
      Subject s = training.get(c);
      assertEquals("liver_" + c, s.id());
      ScalarImage ct = s.scalarImage("ct");
      LabelMap label = s.labelMap("label");
      assertFalse(ct.isLoaded(), "images must be lazy");
      assertEquals(
          dir.resolve("imagesTr/liver_" + c + ".nii.gz").toAbsolutePath().normalize(),
          ct.path().orElseThrow());
      Subject expected = GEN.generate(c);
      assertArrayEquals(expected.scalarImage("ct").voxels(), ct.voxels());
      assertArrayEquals(expected.labelMap("label").labels(), label.labels());
      assertEquals(expected.affine(), ct.affine());
      assertEquals("LPS", ct.orientation());
    }
  }

  @Test
  void readsTestImagesAndTheRealFilesSpelling() throws IOException {
    Path dir = copy("withTest");
    Files.createDirectories(dir.resolve("imagesTs"));
    Files.copy(dir.resolve("imagesTr/liver_2.nii.gz"), dir.resolve("imagesTs/liver_132.nii.gz"));
    String json =
        Files.readString(dir.resolve("dataset.json"))
            .replace("\"release\"", "\"relase\"")
            .replace("\"test\": []", "\"test\": [\"./imagesTs/liver_132.nii.gz\"]");
    Files.writeString(dir.resolve("dataset.json"), json);
    MsdDataset msd = MsdDataset.builder(dir).imageName("image").build();
    assertEquals("1.0", msd.descriptor().release());
    assertEquals(1, msd.test().size());
    Subject t = msd.test().get(0);
    assertEquals("liver_132", t.id());
    assertEquals(List.of("image"), List.copyOf(t.images().keySet()));
  }

  @Test
  void reportsEveryProblemAtOnceWithTheirNames() throws IOException {
    Path dir = copy("broken");
    Files.delete(dir.resolve("imagesTr/liver_0.nii.gz"));
    String json =
        Files.readString(dir.resolve("dataset.json"))
            .replace("./labelsTr/liver_1.nii.gz", "./labelsTr/liver_2.nii.gz")
            .replace(
                "\"test\": []",
                "\"test\": [\"./imagesTs/liver_200.nii.gz\", \"../outside.nii.gz\"]");
    Files.writeString(dir.resolve("dataset.json"), json);
    MsdFormatException e = assertThrows(MsdFormatException.class, () -> MsdDataset.open(dir));
    assertEquals(4, e.problems().size(), e.getMessage());
    String m = e.getMessage();
    assertTrue(m.contains("liver_0.nii.gz is missing"), m);
    assertTrue(
        m.contains(
            "./imagesTr/liver_1.nii.gz is paired with the label of another case, ./labelsTr/liver_2.nii.gz"),
        m);
    assertTrue(m.contains("liver_200.nii.gz is missing"), m);
    assertTrue(m.contains("../outside.nii.gz points outside the dataset folder"), m);
  }

  @Test
  void reportsUnreadableJsonAndMissingDescriptor() throws IOException {
    Path dir = copy("badJson");
    Files.writeString(dir.resolve("dataset.json"), "{\"training\": [ {\"image\": ");
    MsdFormatException e = assertThrows(MsdFormatException.class, () -> MsdDataset.open(dir));
    assertTrue(e.getMessage().contains("dataset.json: not valid JSON"), e.getMessage());

    Files.delete(dir.resolve("dataset.json"));
    e = assertThrows(MsdFormatException.class, () -> MsdDataset.open(dir));
    assertTrue(e.getMessage().contains("dataset.json is missing"), e.getMessage());

    Files.writeString(
        dir.resolve("dataset.json"),
        "{\"name\": \"x\", \"training\": [{\"image\": \"./imagesTr/liver_0.nii.gz\"}]}");
    e = assertThrows(MsdFormatException.class, () -> MsdDataset.open(dir));
    assertTrue(
        e.getMessage().contains("training[0] needs both \"image\" and \"label\""), e.getMessage());

    assertThrows(MsdFormatException.class, () -> MsdDataset.open(dir.resolve("nope")));
  }

  @Test
  void reportsCorruptHeadersAndImagesThatDisagreeWithTheirLabels() throws IOException {
    Path dir = copy("corrupt");
    Files.write(dir.resolve("labelsTr/liver_0.nii.gz"), new byte[] {1, 2, 3});
    LabelMap shifted = LabelMap.read(dir.resolve("labelsTr/liver_1.nii.gz"));
    Affine a = shifted.affine();
    Nifti.write(
        dir.resolve("labelsTr/liver_1.nii.gz"),
        shifted.withAffine(a.withOrigin(a.origin()[0] + 2, a.origin()[1], a.origin()[2])));
    MsdFormatException e = assertThrows(MsdFormatException.class, () -> MsdDataset.open(dir));
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(e.problems().get(0).contains("liver_0.nii.gz"), e.getMessage());
    assertTrue(
        e.problems().get(1).contains("subject liver_1")
            && e.problems().get(1).contains("different affines"),
        e.getMessage());
    // a looser tolerance accepts the 2 mm shift (the corrupt file is still reported)
    e =
        assertThrows(
            MsdFormatException.class, () -> MsdDataset.builder(dir).spaceTolerance(3).build());
    assertEquals(1, e.problems().size(), e.getMessage());
  }

  @Test
  void subjectIdsStripNiftiExtensions() {
    assertEquals("liver_7", MsdDataset.subjectId("liver_7.nii.gz"));
    assertEquals("liver_7", MsdDataset.subjectId("liver_7.nii"));
    assertEquals("a", MsdDataset.subjectId("a.hdr"));
    assertEquals("b.txt", MsdDataset.subjectId("b.txt"));
  }

  private static Path copy(String name) throws IOException {
    Path dir = shared.resolve(name);
    try (Stream<Path> files = Files.walk(original)) {
      for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
        Path t = dir.resolve(original.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return dir;
  }
}
