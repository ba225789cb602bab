package org.liverseg.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Atomic output files of a job run: each file is written under a unique temporary name in its
 * target's folder ({@code .<name>.<run id>.<random>.tmp...}) and renamed over the target, so two
 * attempts of one task (a retry, a speculative copy) never share a temporary file and the final
 * name only ever holds a complete file. What a killed attempt leaves behind carries the run id, so
 * the driver removes it after the job ({@link #removeTemporaries}).
 */
final class RunFiles {

  private RunFiles() {}

  /** Writes a file's bytes to the path it is given. */
  @FunctionalInterface
  interface Writer {
    /** Writes everything to {@code file}. */
    void write(Path file) throws IOException;
  }

  /**
   * Writes {@code target} with {@code writer} through a temporary file of run {@code runId}. The
   * temporary name keeps a NIfTI target's extension, so writers that choose the format by name
   * write the same bytes.
   */
  static void write(Path target, String runId, Writer writer) throws IOException {
    String name = target.getFileName().toString();
    String suffix =
        name.endsWith(".nii.gz") ? ".tmp.nii.gz" : name.endsWith(".nii") ? ".tmp.nii" : ".tmp";
    Path tmp = target.resolveSibling("." + name + "." + runId + "." + UUID.randomUUID() + suffix);
    try {
      writer.write(tmp);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Deletes what attempts of run {@code runId} left under temporary names directly in {@code dir};
   * returns how many files.
   */
  static int removeTemporaries(Path dir, String runId) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    String tag = "." + runId + ".";
    int n = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (name.startsWith(".") && name.contains(tag) && Files.deleteIfExists(f)) {
          n++;
        }
      }
    }
    return n;
  }
}
