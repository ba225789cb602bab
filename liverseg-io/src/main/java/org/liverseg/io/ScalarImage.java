package org.liverseg.io;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.liverseg.io.nifti.NiftiSource;

/**
 * An image of float intensities (e.g. CT in Hounsfield units), with one or more channels.
 *
 * <p>{@link #voxels()} returns the backing array without copying, because the transforms and
 * samplers of liverseg read it in hot loops. Treat it as read-only: every operation that changes
 * values creates a new image with a new array ({@link #withVoxels}).
 */
public final class ScalarImage implements Image {

  private final LazyVoxels<ImageGeometry> geometry;
  private final LazyVoxels<float[]> voxels;
  private final Path path;

  private ScalarImage(LazyVoxels<ImageGeometry> geometry, LazyVoxels<float[]> voxels, Path path) {
    this.geometry = geometry;
    this.voxels = voxels;
    this.path = path;
  }

  /**
   * An in-memory image that takes ownership of {@code voxels} (length {@code channels * x * y * z},
   * x fastest).
   */
  public static ScalarImage of(ImageGeometry geometry, float[] voxels) {
    requireNonNull(geometry, "geometry");
    LazyVoxels.checkLength(voxels.length, geometry, "voxel array");
    return new ScalarImage(LazyVoxels.ofValue(geometry), LazyVoxels.ofValue(voxels), null);
  }

  /** A single-channel in-memory image. */
  public static ScalarImage of(Shape shape, Affine affine, float[] voxels) {
    return of(new ImageGeometry(shape, 1, affine), voxels);
  }

  /** A zero-filled image of the given geometry. */
  public static ScalarImage zeros(ImageGeometry geometry) {
    return of(geometry, new float[geometry.values()]);
  }

  /**
   * An image that reads its header on first use of its geometry and its voxels on first use of
   * them, each once. Read failures surface as {@link java.io.UncheckedIOException} naming the file.
   */
  public static ScalarImage lazy(ImageSource source) {
    LazyVoxels<ImageGeometry> g = LazyVoxels.of(source::readGeometry);
    LazyVoxels<float[]> v =
        LazyVoxels.of(
            () -> {
              float[] data = source.readFloats();
              LazyVoxels.checkLength(data.length, g.get(), source.path());
              return data;
            });
    return new ScalarImage(g, v, source.path());
  }

  /**
   * Reads a NIfTI-1/2 or Analyze file ({@code .nii}, {@code .nii.gz}, {@code .hdr/.img}, gzipped
   * pairs) now: header, affine and voxels (scaled, as float32).
   *
   * @throws org.liverseg.io.nifti.NiftiFormatException if the file is malformed (the message names
   *     the file and the problem)
   * @throws IOException if the file cannot be read
   */
  public static ScalarImage read(Path path) throws IOException {
    NiftiSource source = NiftiSource.of(path);
    float[] data = source.readFloats();
    ImageGeometry g = source.readGeometry();
    LazyVoxels.checkLength(data.length, g, path);
    return new ScalarImage(LazyVoxels.ofValue(g), LazyVoxels.ofValue(data), path);
  }

  /**
   * A scalar image backed by a NIfTI file that reads its header on first use of its geometry and
   * its voxels on first use of them (see {@link #read(Path)}); nothing is read now.
   */
  public static ScalarImage lazy(Path path) {
    return lazy(NiftiSource.of(path));
  }

  @Override
  public ImageGeometry geometry() {
    return geometry.get();
  }

  /** The backing voxel array (x fastest, then y, z, channel). Do not modify it. */
  public float[] voxels() {
    return voxels.get();
  }

  /** Channel 0 at {@code (x, y, z)}. */
  public float get(int x, int y, int z) {
    return voxels()[shape().index(x, y, z)];
  }

  @Override
  public float valueAt(int c, int x, int y, int z) {
    Shape s = shape();
    return voxels()[x + s.x() * (y + s.y() * (z + s.z() * c))];
  }

  /**
   * Checks that every value is finite (no NaN, no infinity), reading the voxels of a lazy image. A
   * network or a statistic fed one NaN gives a wrong answer without any error (a mask that is
   * silently empty), and an intensity window would clamp an infinite value into a plausible one;
   * call this on data that must be measured values.
   *
   * @return this image
   * @throws NonFiniteVoxelsException naming the file (if any), how many values are bad and the
   *     first one's {@code (x, y, z[, channel])}
   */
  public ScalarImage requireFinite() {
    float[] v = voxels();
    int first = -1;
    long count = 0;
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        if (first < 0) {
          first = i;
        }
        count++;
      }
    }
    if (first < 0) {
      return this;
    }
    Shape s = shape();
    int perChannel = s.voxelsAsInt();
    int r = first % perChannel;
    int[] voxel = {r % s.x(), (r / s.x()) % s.y(), r / (s.x() * s.y()), first / perChannel};
    throw new NonFiniteVoxelsException(
        path, count, v.length, voxel, geometry().channels(), v[first]);
  }

  /** An image of the same geometry with new voxels (ownership of the array passes to it). */
  public ScalarImage withVoxels(float[] newVoxels) {
    return of(geometry(), newVoxels);
  }

  @Override
  public ScalarImage withAffine(Affine affine) {
    ImageGeometry g = geometry();
    ImageGeometry ng = new ImageGeometry(g.shape(), g.channels(), affine);
    return new ScalarImage(LazyVoxels.ofValue(ng), voxels, path);
  }

  @Override
  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  @Override
  public boolean isLoaded() {
    return voxels.isDone();
  }

  @Override
  public ScalarImage lazyCopy() {
    return voxels.isDone() ? this : new ScalarImage(geometry, voxels.copy(), path);
  }

  @Override
  public ScalarImage load() {
    voxels();
    return this;
  }

  @Override
  public String toString() {
    return describe();
  }
}
