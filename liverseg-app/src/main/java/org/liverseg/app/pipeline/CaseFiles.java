package org.liverseg.app.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The NIfTI files of a folder by case id: {@code liver_3.nii.gz} is case {@code liver_3}. Hidden
 * files (such as the {@code ._liver_3.nii.gz} macOS leaves in the real Task03_Liver archive) are
 * ignored.
 */
public final class CaseFiles {

  private CaseFiles() {}

  /** The case id of a NIfTI file name, or null if it is not one. */
  public static String caseId(String fileName) {
    if (fileName.startsWith(".")) {
      return null;
    }
    for (String ext : new String[] {".nii.gz", ".nii", ".hdr.gz", ".hdr"}) {
      if (fileName.endsWith(ext) && fileName.length() > ext.length()) {
        return fileName.substring(0, fileName.length() - ext.length());
      }
    }
    return null;
  }

  /**
   * The NIfTI files directly in {@code dir}, by case id, sorted.
   *
   * @throws NoSuchFileException if the folder does not exist
   * @throws NotDirectoryException if it is not a folder
   * @throws IllegalArgumentException if two files have the same case id (e.g. {@code a.nii} and
   *     {@code a.nii.gz})
   */
  public static Map<String, Path> list(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "folder does not exist");
    }
    if (!Files.isDirectory(dir)) {
      throw new NotDirectoryException(dir.toString());
    }
    Map<String, Path> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files.sorted()::iterator) {
        String id = caseId(f.getFileName().toString());
        if (id != null && Files.isRegularFile(f)) {
          Path old = out.put(id, f);
          if (old != null) {
            throw new IllegalArgumentException(
                "two files for case " + id + ": " + old + " and " + f);
          }
        }
      }
    }
    return out;
  }
}
