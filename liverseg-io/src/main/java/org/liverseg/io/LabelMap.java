package org.liverseg.io;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.liverseg.io.nifti.NiftiSource;

/**
 * An image of integer labels 0..255 (e.g. 0 background, 1 liver, 2 tumour), stored one unsigned
 * byte per voxel. Spatial transforms resample label maps with nearest neighbour only, so a label
 * map never holds a value that was not in its input.
 *
 * <p>{@link #labels()} returns the backing array without copying; treat it as read-only and read
 * values with {@code b & 0xFF}.
 */
public final class LabelMap implements Image {

  /** The largest label a label map can hold. */
  public static final int MAX_LABEL = 255;

  private final LazyVoxels<ImageGeometry> geometry;
  private final LazyVoxels<byte[]> labels;
  private final Path path;

  private LabelMap(LazyVoxels<ImageGeometry> geometry, LazyVoxels<byte[]> labels, Path path) {
    this.geometry = geometry;
    this.labels = labels;
    this.path = path;
  }

  /** An in-memory label map that takes ownership of {@code labels} (x fastest). */
  public static LabelMap of(ImageGeometry geometry, byte[] labels) {
    requireNonNull(geometry, "geometry");
    LazyVoxels.checkLength(labels.length, geometry, "label array");
    return new LabelMap(LazyVoxels.ofValue(geometry), LazyVoxels.ofValue(labels), null);
  }

  /** A single-channel in-memory label map. */
  public static LabelMap of(Shape shape, Affine affine, byte[] labels) {
    return of(new ImageGeometry(shape, 1, affine), labels);
  }

  /** An all-background (0) label map of the given geometry. */
  public static LabelMap zeros(ImageGeometry geometry) {
    return of(geometry, new byte[geometry.values()]);
  }

  /**
   * A label map that reads its header and its labels from {@code source} on first use, each once.
   */
  public static LabelMap lazy(ImageSource source) {
    LazyVoxels<ImageGeometry> g = LazyVoxels.of(source::readGeometry);
    LazyVoxels<byte[]> v =
        LazyVoxels.of(
            () -> {
              byte[] data = source.readLabels();
              LazyVoxels.checkLength(data.length, g.get(), source.path());
              return data;
            });
    return new LabelMap(g, v, source.path());
  }

  /**
   * Converts float values to labels.
   *
   * @throws IllegalArgumentException naming {@code source}, the value and its index if a value is
   *     not an integer in 0..255
   */
  public static byte[] toLabels(float[] values, String source) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      float v = values[i];
      int l = (int) v;
      if (l != v || l < 0 || l > MAX_LABEL) {
        throw new IllegalArgumentException(
            source
                + ": value "
                + v
                + " at index "
                + i
                + " is not a label (an integer in 0.."
                + MAX_LABEL
                + ")");
      }
      out[i] = (byte) l;
    }
    return out;
  }

  /**
   * Reads a NIfTI-1/2 or Analyze file ({@code .nii}, {@code .nii.gz}, {@code .hdr/.img}, gzipped
   * pairs) now: header, affine and labels (values must be integers 0..255).
   *
   * @throws org.liverseg.io.nifti.NiftiFormatException if the file is malformed (the message names
   *     the file and the problem) or, for a label map, holds a value that is not a label
   * @throws IOException if the file cannot be read
   */
  public static LabelMap read(Path path) throws IOException {
    NiftiSource source = NiftiSource.of(path);
    byte[] data = source.readLabels();
    ImageGeometry g = source.readGeometry();
    LazyVoxels.checkLength(data.length, g, path);
    return new LabelMap(LazyVoxels.ofValue(g), LazyVoxels.ofValue(data), path);
  }

  /**
   * A label map backed by a NIfTI file that reads its header on first use of its geometry and its
   * voxels on first use of them (see {@link #read(Path)}); nothing is read now.
   */
  public static LabelMap lazy(Path path) {
    return lazy(NiftiSource.of(path));
  }

  @Override
  public ImageGeometry geometry() {
    return geometry.get();
  }

  /** The backing label array (unsigned bytes, x fastest). Do not modify it. */
  public byte[] labels() {
    return labels.get();
  }

  /** The label of channel 0 at {@code (x, y, z)}. */
  public int get(int x, int y, int z) {
    return labels()[shape().index(x, y, z)] & 0xFF;
  }

  @Override
  public float valueAt(int c, int x, int y, int z) {
    Shape s = shape();
    return labels()[x + s.x() * (y + s.y() * (z + s.z() * c))] & 0xFF;
  }

  /** Voxel counts per label value (index = label), over all channels. */
  public long[] histogram() {
    long[] h = new long[MAX_LABEL + 1];
    for (byte b : labels()) {
      h[b & 0xFF]++;
    }
    return h;
  }

  /** A label map of the same geometry with new labels (ownership passes to it). */
  public LabelMap withLabels(byte[] newLabels) {
    return of(geometry(), newLabels);
  }

  @Override
  public LabelMap withAffine(Affine affine) {
    ImageGeometry g = geometry();
    ImageGeometry ng = new ImageGeometry(g.shape(), g.channels(), affine);
    return new LabelMap(LazyVoxels.ofValue(ng), labels, path);
  }

  @Override
  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  @Override
  public boolean isLoaded() {
    return labels.isDone();
  }

  @Override
  public LabelMap lazyCopy() {
    return labels.isDone() ? this : new LabelMap(geometry, labels.copy(), path);
  }

  @Override
  public LabelMap load() {
    labels();
    return this;
  }

  @Override
  public String toString() {
    return describe();
  }
}
