package org.liverseg.spark;

/**
 * The sidecar {@code masks/<case>.json} written after a mask: which model made it from which input,
 * and the mask's own hash, so that a rerun can tell a complete mask of the same model and input
 * (kept, status {@code skipped}) from anything else (made again).
 *
 * <p>A sidecar rather than the NIfTI header's {@code descrip} or an extension: the mask stays
 * byte-identical to what {@code liverseg predict} writes, and a crash between the mask's rename and
 * the sidecar's leaves a mask without a (matching) sidecar, which is simply made again.
 *
 * @param caseId the case id
 * @param input the CT scan's path
 * @param inputBytes the scan file's size when it was segmented
 * @param inputModifiedMillis the scan file's modification time then (ms since the epoch)
 * @param model the model file's name
 * @param modelSha256 SHA-256 of the model file (hex)
 * @param maskSha256 SHA-256 of the mask file (hex)
 * @param maskBytes the mask file's size
 * @param runId the run (one {@code SegmentationJob.run}) that wrote it
 * @param seconds the time that run spent on the case
 * @param written when it was written (ISO-8601 instant)
 */
public record MaskRecord(
    String caseId,
    String input,
    long inputBytes,
    long inputModifiedMillis,
    String model,
    String modelSha256,
    String maskSha256,
    long maskBytes,
    String runId,
    double seconds,
    String written) {}
