package org.liverseg.io.nifti;

import static org.liverseg.io.nifti.NiftiFormatException.Problem.MISSING_IMAGE_FILE;
import static org.liverseg.io.nifti.NiftiFormatException.Problem.UNKNOWN_EXTENSION;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a NIfTI image lives on disk: a single {@code .nii}/{@code .nii.gz} file, or a header {@code
 * .hdr}/{@code .hdr.gz} with its image {@code .img}/{@code .img.gz}. Names are matched
 * case-insensitively; either file of a pair may be given.
 *
 * @param header the file holding the header
 * @param data the file holding the voxels (the header file for single files)
 * @param pair whether header and data are separate files
 */
record NiftiFiles(Path header, Path data, boolean pair) {

  /** Whether a name ends in {@code .gz} (the name's claim; the content is sniffed separately). */
  static boolean namedGz(Path p) {
    return lower(p).endsWith(".gz");
  }

  private static String lower(Path p) {
    return p.getFileName().toString().toLowerCase(Locale.ROOT);
  }

  /** The files for reading {@code file}. */
  static NiftiFiles forReading(Path file) throws NiftiFormatException {
    String name = lower(file);
    if (name.endsWith(".nii") || name.endsWith(".nii.gz")) {
      return new NiftiFiles(file, file, false);
    }
    if (name.endsWith(".hdr") || name.endsWith(".hdr.gz")) {
      return new NiftiFiles(file, partner(file, "img"), true);
    }
    if (name.endsWith(".img") || name.endsWith(".img.gz")) {
      Path header = partner(file, "hdr");
      if (!Files.exists(header)) {
        throw new NiftiFormatException(
            file,
            MISSING_IMAGE_FILE,
            "header file " + header.getFileName() + " of this .img does not exist");
      }
      return new NiftiFiles(header, file, true);
    }
    throw new NiftiFormatException(
        file,
        UNKNOWN_EXTENSION,
        "not a NIfTI file name: expected .nii, .nii.gz, .hdr, .hdr.gz, .img or .img.gz");
  }

  /** The files for writing {@code file} (pairs get the partner with the same compression). */
  static NiftiFiles forWriting(Path file) throws NiftiFormatException {
    String name = lower(file);
    if (name.endsWith(".nii") || name.endsWith(".nii.gz")) {
      return new NiftiFiles(file, file, false);
    }
    if (name.endsWith(".hdr") || name.endsWith(".hdr.gz")) {
      return new NiftiFiles(file, swap(file, "img"), true);
    }
    if (name.endsWith(".img") || name.endsWith(".img.gz")) {
      return new NiftiFiles(swap(file, "hdr"), file, true);
    }
    throw new NiftiFormatException(
        file,
        UNKNOWN_EXTENSION,
        "cannot write this name: expected .nii, .nii.gz, .hdr, .hdr.gz, .img or .img.gz");
  }

  /**
   * The partner of a pair file, preferring the same compression, else the other one if it exists.
   */
  private static Path partner(Path file, String ext) {
    Path same = swap(file, ext);
    if (Files.exists(same)) {
      return same;
    }
    String n = same.getFileName().toString();
    Path other =
        namedGz(same)
            ? same.resolveSibling(n.substring(0, n.length() - 3))
            : same.resolveSibling(n + ".gz");
    return Files.exists(other) ? other : same;
  }

  /** Replaces the 3-letter extension before an optional {@code .gz}, keeping the case style. */
  private static Path swap(Path file, String ext) {
    String n = file.getFileName().toString();
    boolean gz = namedGz(file);
    String stem = gz ? n.substring(0, n.length() - 3) : n;
    String old = stem.substring(stem.length() - 3);
    String repl = Character.isUpperCase(old.charAt(0)) ? ext.toUpperCase(Locale.ROOT) : ext;
    return file.resolveSibling(
        stem.substring(0, stem.length() - 3) + repl + (gz ? n.substring(n.length() - 3) : ""));
  }
}
