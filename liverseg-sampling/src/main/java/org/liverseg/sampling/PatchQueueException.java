package org.liverseg.sampling;

/**
 * A {@link PatchQueue} could not produce the patches of a subject: loading, transforming or
 * sampling it failed (the cause says why), or the consumer was interrupted while waiting for it.
 * The message names the subject, its dataset index and the epoch.
 */
public final class PatchQueueException extends RuntimeException {

  /** Serial form version. */
  private static final long serialVersionUID = 1L;

  private final String subjectId;

  PatchQueueException(String message, String subjectId, Throwable cause) {
    super(message, cause);
    this.subjectId = subjectId;
  }

  /** The id of the subject whose patches could not be produced. */
  public String subjectId() {
    return subjectId;
  }
}
