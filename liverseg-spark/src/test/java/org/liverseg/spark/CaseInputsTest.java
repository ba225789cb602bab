package org.liverseg.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaseInputsTest {

  @Test
  void filesFoldersAndDatasetJsonBecomeCases(@TempDir Path dir) throws IOException {
    Path folder = Files.createDirectories(dir.resolve("scans"));
    Files.writeString(folder.resolve("b.nii.gz"), "");
    Files.writeString(folder.resolve("a.nii"), "");
    Files.writeString(folder.resolve("._a.nii.gz"), ""); // macOS junk
    Files.writeString(folder.resolve("notes.txt"), "");
    Path msd = Files.createDirectories(dir.resolve("Task03_Liver"));
    Files.writeString(
        msd.resolve("dataset.json"),
        "{\"training\": [{\"image\": \"./imagesTr/liver_0.nii.gz\","
            + " \"label\": \"./labelsTr/liver_0.nii.gz\"}],"
            + " \"test\": [\"./imagesTs/liver_9.nii.gz\"]}");
    Path single = dir.resolve("c.hdr");
    Files.writeString(single, "");

    List<CaseInput> cases =
        CaseInputs.resolve(List.of(folder, msd.resolve("dataset.json"), single));
    assertEquals(
        List.of("a", "b", "liver_0", "liver_9", "c"),
        cases.stream().map(CaseInput::caseId).toList());
    assertEquals(folder.resolve("a.nii").toAbsolutePath().toString(), cases.get(0).image());
    assertNull(cases.get(0).label());
    // listed files need not exist yet: a missing one is a failed row, not a failed job
    assertEquals(
        msd.resolve("labelsTr/liver_0.nii.gz").toAbsolutePath().toString(), cases.get(2).label());
    assertNull(cases.get(3).label());
    // a folder holding a dataset.json is that dataset
    assertEquals(
        List.of("liver_0", "liver_9"),
        CaseInputs.resolve(List.of(msd)).stream().map(CaseInput::caseId).toList());
  }

  @Test
  void badInputsAreRefusedNamingThem(@TempDir Path dir) throws IOException {
    NoSuchFileException missing =
        assertThrows(
            NoSuchFileException.class,
            () -> CaseInputs.resolve(List.of(dir.resolve("nope.nii.gz"))));
    assertTrue(missing.getMessage().contains("nope.nii.gz"));

    Path txt = dir.resolve("x.txt");
    Files.writeString(txt, "");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CaseInputs.resolve(List.of(txt)));
    assertTrue(e.getMessage().contains("is not a NIfTI file"), e.getMessage());

    Path empty = Files.createDirectories(dir.resolve("empty"));
    e = assertThrows(IllegalArgumentException.class, () -> CaseInputs.resolve(List.of(empty)));
    assertTrue(e.getMessage().contains("no NIfTI files"), e.getMessage());

    Path a = Files.createDirectories(dir.resolve("a"));
    Path b = Files.createDirectories(dir.resolve("b"));
    Files.writeString(a.resolve("liver_1.nii.gz"), "");
    Files.writeString(b.resolve("liver_1.nii"), "");
    e = assertThrows(IllegalArgumentException.class, () -> CaseInputs.resolve(List.of(a, b)));
    assertTrue(e.getMessage().contains("two inputs for case liver_1"), e.getMessage());

    assertThrows(IllegalArgumentException.class, () -> CaseInput.of("../x", "/a.nii"));
    assertThrows(IllegalArgumentException.class, () -> CaseInput.of(".hidden", "/a.nii"));
  }

  @Test
  void caseIdsComeFromNiftiFileNames() {
    assertEquals("liver_7", CaseInputs.caseId("liver_7.nii.gz"));
    assertEquals("a.b", CaseInputs.caseId("a.b.nii"));
    assertEquals("x", CaseInputs.caseId("x.hdr.gz"));
    assertNull(CaseInputs.caseId(".nii.gz"));
    assertNull(CaseInputs.caseId("._liver_0.nii.gz"));
    assertNull(CaseInputs.caseId("liver.img"));
  }
}
