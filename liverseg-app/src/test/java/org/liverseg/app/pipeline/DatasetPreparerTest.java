package org.liverseg.app.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.phantoms.PhantomSize;

class DatasetPreparerTest {

  @Test
  void generatesPhantomsIntoAMissingFolderOnlyOnce(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("phantoms");
    RunConfig.Data cfg = new RunConfig.Data(data.toString(), 3, PhantomSize.TINY, 5);
    AtomicInteger written = new AtomicInteger();
    DatasetPreparer.Prepared p =
        DatasetPreparer.prepare(cfg, (id, done, total) -> written.incrementAndGet());
    assertTrue(p.generated());
    assertEquals(3, written.get());
    assertEquals(3, p.dataset().training().size());
    assertTrue(Files.exists(data.resolve("dataset.json")));

    DatasetPreparer.Prepared again =
        DatasetPreparer.prepare(cfg, (id, done, total) -> written.incrementAndGet());
    assertFalse(again.generated());
    assertEquals(3, written.get());
    assertEquals(3, again.dataset().training().size());
  }

  @Test
  void aNonEmptyFolderWithoutDatasetJsonIsLeftAlone(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "mine");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DatasetPreparer.prepare(
                    new RunConfig.Data(dir.toString(), 3, PhantomSize.TINY, 5), (a, b, c) -> {}));
    assertTrue(e.getMessage().contains("is not empty and has no dataset.json"), e.getMessage());
    assertEquals(1, Files.list(dir).count());
  }
}
