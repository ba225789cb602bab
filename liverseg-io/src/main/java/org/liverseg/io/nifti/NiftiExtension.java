package org.liverseg.io.nifti;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * One NIfTI header extension: a code saying what the content is (e.g. 4 AFNI, 6 comment, 44 DICOM
 * JSON sidecar) and its raw bytes. On disk each extension takes {@code 8 + content} bytes rounded
 * up to a multiple of 16; the padding zeros are part of the content read back.
 *
 * @param code the {@code ecode}
 * @param content the raw bytes (copied in and out, so the record stays immutable)
 */
public record NiftiExtension(int code, byte[] content) {

  /** Copies the content. */
  public NiftiExtension {
    requireNonNull(content, "content");
    checkArgument(
        content.length <= Integer.MAX_VALUE - 64,
        "extension content too large: %s bytes",
        content.length);
    content = content.clone();
  }

  /** A copy of the raw bytes. */
  @Override
  public byte[] content() {
    return content.clone();
  }

  /** Bytes this extension takes on disk: {@code esize}, a multiple of 16. */
  public int diskSize() {
    return (8 + content.length + 15) / 16 * 16;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NiftiExtension e && e.code == code && Arrays.equals(e.content, content);
  }

  @Override
  public int hashCode() {
    return 31 * code + Arrays.hashCode(content);
  }

  @Override
  public String toString() {
    return "NiftiExtension(code=" + code + ", " + content.length + " bytes)";
  }
}
