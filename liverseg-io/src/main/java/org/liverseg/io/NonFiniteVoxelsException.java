package org.liverseg.io;

import java.nio.file.Path;
import java.util.Optional;

/**
 * An image holds NaN or infinite voxels where finite values are required (a network's input: one
 * NaN spreads through every convolution that sees it and turns a mask silently empty). Thrown by
 * {@link ScalarImage#requireFinite()}; the message names the file (when the image has one), how
 * many voxels are bad and the first of them, e.g. {@code "ct.nii.gz: 1 of 55296 voxels is not
 * finite; the first is voxel (3, 4, 5) = NaN"}.
 */
public final class NonFiniteVoxelsException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String context;
  private final long count;
  private final long total;
  private final int[] voxel;
  private final int channels;
  private final float value;

  /**
   * @param file the image's file, or null for an in-memory image
   * @param count how many values are not finite
   * @param total how many values the image has (voxels times channels)
   * @param voxel the first bad value's {@code (x, y, z, channel)}
   * @param channels the image's channel count (the channel is named only when there are several)
   * @param value the first bad value
   */
  public NonFiniteVoxelsException(
      Path file, long count, long total, int[] voxel, int channels, float value) {
    this(null, file, count, total, voxel, channels, value);
  }

  private NonFiniteVoxelsException(
      String context, Path file, long count, long total, int[] voxel, int channels, float value) {
    super(message(context, file, count, total, voxel, channels, value));
    this.context = context;
    this.file = file;
    this.count = count;
    this.total = total;
    this.voxel = voxel.clone();
    this.channels = channels;
    this.value = value;
  }

  /**
   * The same finding with {@code context} (e.g. {@code "subject liver_3, image 'ct'"}) in front of
   * the message.
   */
  public NonFiniteVoxelsException in(String context) {
    String c = this.context == null ? context : context + ": " + this.context;
    NonFiniteVoxelsException e =
        new NonFiniteVoxelsException(c, file, count, total, voxel, channels, value);
    e.initCause(this);
    return e;
  }

  /** The image's file, if it has one. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** How many values are NaN or infinite. */
  public long count() {
    return count;
  }

  /** The first bad value's {@code (x, y, z, channel)}. */
  public int[] voxel() {
    return voxel.clone();
  }

  /** The first bad value: NaN, or positive or negative infinity. */
  public float value() {
    return value;
  }

  private static String message(
      String context, Path file, long count, long total, int[] v, int channels, float value) {
    String where = v[0] + ", " + v[1] + ", " + v[2] + (channels > 1 ? ", channel " + v[3] : "");
    return (context == null ? "" : context + ": ")
        + (file == null ? "in-memory image" : file.toString())
        + ": "
        + count
        + " of "
        + total
        + (total == 1 ? " voxel " : " voxels ")
        + (count == 1 ? "is" : "are")
        + " not finite; the first is voxel ("
        + where
        + ") = "
        + value;
  }
}
