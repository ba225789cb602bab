package org.liverseg.io.nifti;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A NIfTI or Analyze file that cannot be read because its content is wrong or incomplete. The
 * message starts with the file and says what is wrong and what was expected; {@link #problem()}
 * tells callers (and tests) which rule was broken without parsing the message.
 *
 * <p>It is always raised before the voxel array is allocated, so a lying header never costs an
 * {@link OutOfMemoryError}, and never leaves a partly filled image behind.
 */
public final class NiftiFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  /** The rule a file broke. */
  public enum Problem {
    /** The file has no bytes at all. */
    EMPTY_FILE,
    /** The file ends inside the header (or inside its extensions). */
    TRUNCATED_HEADER,
    /** {@code sizeof_hdr} is neither 348 nor 540 in either byte order. */
    WRONG_SIZEOF_HDR,
    /** The magic string is not the one the file name and header size call for. */
    WRONG_MAGIC,
    /** {@code dim[0]} is outside 1..7 in both byte orders. */
    BAD_DIM0,
    /** An extent {@code dim[1..dim[0]]} is zero or negative. */
    BAD_EXTENT,
    /** The product of the extents overflows, or is more values than one Java array can hold. */
    TOO_LARGE,
    /** The {@code datatype} code is unknown or not supported. */
    UNSUPPORTED_DATATYPE,
    /** {@code vox_offset} is negative, not finite, or points past the end of the file. */
    BAD_VOX_OFFSET,
    /** The file (or the {@code .img}) holds fewer data bytes than the header promises. */
    TRUNCATED_DATA,
    /** A pair's image file ({@code .img} or {@code .img.gz}) does not exist. */
    MISSING_IMAGE_FILE,
    /** The gzip stream is malformed: bad header, invalid deflate data. */
    CORRUPT_GZIP,
    /** The gzip stream ends early: inside its header, its compressed data or its trailer. */
    TRUNCATED_GZIP,
    /** The gzip trailer's CRC-32 does not match the data. */
    GZIP_CRC_MISMATCH,
    /** The gzip trailer's length does not match the data. */
    GZIP_LENGTH_MISMATCH,
    /** A valid slope with a NaN or infinite intercept. */
    BAD_SCALING,
    /** The qform quaternion is far from unit length, or some other header field is invalid. */
    BAD_HEADER_FIELD,
    /**
     * The file name is not {@code .nii}, {@code .nii.gz}, {@code .hdr}, {@code .img} (or gzipped).
     */
    UNKNOWN_EXTENSION,
    /** Read as a label map, the file holds a value that is not an integer in 0..255. */
    NOT_LABELS
  }

  private final transient Path file;
  private final Problem problem;

  /** A format error in {@code file}; the message becomes {@code "<file>: <detail>"}. */
  public NiftiFormatException(Path file, Problem problem, String detail) {
    super(requireNonNull(file, "file") + ": " + detail);
    this.file = file;
    this.problem = requireNonNull(problem, "problem");
  }

  /** Like {@link #NiftiFormatException(Path, Problem, String)}, with a cause. */
  public NiftiFormatException(Path file, Problem problem, String detail, Throwable cause) {
    this(file, problem, detail);
    initCause(cause);
  }

  /** The file that could not be read. */
  public Path file() {
    return file;
  }

  /** Which rule the file broke. */
  public Problem problem() {
    return problem;
  }
}
