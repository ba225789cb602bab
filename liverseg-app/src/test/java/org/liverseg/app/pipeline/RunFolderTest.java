package org.liverseg.app.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {

  @Test
  void twoRunsInTheSameSecondGetDistinctFolders(@TempDir Path dir) throws Exception {
    LocalDateTime t = LocalDateTime.of(2026, 11, 27, 15, 30, 5);
    RunFolder a = RunFolder.createTimestamped(dir.resolve("runs"), t);
    RunFolder b = RunFolder.createTimestamped(dir.resolve("runs"), t);
    assertEquals("20261127-153005", a.name());
    assertEquals("20261127-153005-2", b.name());
    assertTrue(Files.isDirectory(a.overlays()));
    assertTrue(Files.isDirectory(b.predictions()));
    assertEquals(a.dir().resolve("predictions/liver_3.nii.gz"), a.prediction("liver_3"));
    assertEquals(a.dir().resolve("overlays/liver_3.png"), a.overlay("liver_3"));
  }
}
