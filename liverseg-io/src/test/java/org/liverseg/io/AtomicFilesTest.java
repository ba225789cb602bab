package org.liverseg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aFailedWriteLeavesTheOldFileAndNoTemporaryFile(@TempDir Path dir) throws IOException {
    Path f = Files.writeString(dir.resolve("a.csv"), "old");
    IOException cause = new IOException("No space left on device");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.write(
                    f,
                    out -> {
                      out.write(new byte[100_000]);
                      throw cause;
                    }));
    assertEquals("cannot write " + f + ": No space left on device", e.getMessage());
    assertSame(cause, e.getCause());
    assertEquals("old", Files.readString(f));
    assertEquals(List.of("a.csv"), names(dir));

    Path fresh = dir.resolve("b.csv");
    assertThrows(
        IOException.class,
        () ->
            AtomicFiles.write(
                fresh,
                out -> {
                  throw new IOException("boom");
                }));
    assertEquals(List.of("a.csv"), names(dir), "no empty file under the new name");
  }

  @Test
  void aWriteReplacesTheFileWhole(@TempDir Path dir) throws IOException {
    Path f = Files.writeString(dir.resolve("a.json"), "a much longer old content");
    AtomicFiles.writeString(f, "new é");
    assertEquals("new é", Files.readString(f));
    assertEquals(List.of("a.json"), names(dir));
  }

  @Test
  void aMissingFolderIsNamed(@TempDir Path dir) {
    Path f = dir.resolve("no/such/a.txt");
    IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(f, "x"));
    assertEquals(
        "cannot write " + f + ": the folder " + f.getParent() + " does not exist", e.getMessage());
  }

  @Test
  void reasonsAreShortAndAlreadyWorded(@TempDir Path dir) {
    Path f = dir.resolve("r.txt");
    IOException worded = new IOException("cannot write " + f + ": the disk was removed");
    assertSame(worded, writeFailing(f, worded), "a message that already says it is kept");
    assertEquals(
        "cannot write " + f + ": permission denied",
        writeFailing(f, new java.nio.file.AccessDeniedException(f.toString())).getMessage());
    assertEquals(
        "cannot write " + f + ": No space left on device",
        writeFailing(
                f, new java.nio.file.FileSystemException("tmp", null, "No space left on device"))
            .getMessage());
    assertEquals(
        "cannot write " + f + ": FileSystemException",
        writeFailing(f, new java.nio.file.FileSystemException("tmp")).getMessage());
    assertEquals(
        "cannot write " + f + ": IOException", writeFailing(f, new IOException()).getMessage());
  }

  private static IOException writeFailing(Path f, IOException failure) {
    return assertThrows(
        IOException.class,
        () ->
            AtomicFiles.write(
                f,
                out -> {
                  throw failure;
                }));
  }
}
