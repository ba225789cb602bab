package org.liverseg.spark;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * One case of a job: its id (which names its outputs), the CT scan and, optionally, the
 * ground-truth label map to score the mask against. Paths are strings because they cross JVMs
 * ({@link java.nio.file.Path} is not serialisable) and must be readable by every executor.
 *
 * @param caseId the case id, e.g. {@code liver_7}: a plain file name (no folder separators)
 * @param image path of the CT scan (NIfTI)
 * @param label path of the label map, or null when the case has none
 */
public record CaseInput(String caseId, String image, String label) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Checks that the id is a usable file name and the image is given. */
  public CaseInput {
    requireNonNull(caseId, "caseId");
    requireNonNull(image, "image");
    if (caseId.isEmpty()
        || caseId.startsWith(".")
        || caseId.contains("/")
        || caseId.contains("\\")
        || caseId.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "case id \""
              + caseId
              + "\" (of "
              + image
              + ") cannot name an output file: it must be non-empty, not start with '.', and"
              + " hold no '/', '\\\\' or control characters");
    }
  }

  /** A case without a label. */
  public static CaseInput of(String caseId, String image) {
    return new CaseInput(caseId, image, null);
  }
}
