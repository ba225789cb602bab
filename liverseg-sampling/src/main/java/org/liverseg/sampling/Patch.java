package org.liverseg.sampling;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import org.liverseg.io.Box;
import org.liverseg.io.Image;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;

/**
 * A patch of a subject: the subject it was sampled from and its {@link #location()} in that
 * subject's voxel grid. Samplers return <em>views</em>: the patch refers to the subject's voxel
 * arrays and copies nothing until {@link BatchCollator} copies it, once, into a batch array.
 *
 * <p>A view keeps its whole subject alive. {@link #detach()} copies the patch's voxels of every
 * image into a patch-sized subject (TorchIO's patch subjects), so that a buffered patch costs only
 * its own voxels; the {@link PatchQueue} does this in its workers by default. A detached patch
 * still reports its location in the sampled subject's grid; {@link #region()} says where its voxels
 * lie in {@link #subject()}.
 *
 * <p>Immutable and thread-safe (images are read-only by convention).
 */
public final class Patch {

  private final Subject subject;
  private final Box location;
  private final Box region;
  private final boolean detached;

  private Patch(Subject subject, Box location, Box region, boolean detached) {
    this.subject = subject;
    this.location = location;
    this.region = region;
    this.detached = detached;
  }

  /**
   * A view of {@code subject} at {@code location}.
   *
   * @throws IllegalArgumentException if the location does not fit in the subject (names both)
   */
  public static Patch of(Subject subject, Box location) {
    requireNonNull(subject, "subject");
    requireNonNull(location, "location");
    checkArgument(
        location.fitsIn(subject.shape()),
        "patch %s does not fit in subject %s of shape %s",
        location,
        subject.id(),
        subject.shape());
    return new Patch(subject, location, location, false);
  }

  /**
   * The subject whose voxel arrays hold this patch: the sampled subject for a view, a patch-sized
   * crop of it (affine shifted to the patch start) for a detached patch.
   */
  public Subject subject() {
    return subject;
  }

  /** The id of the sampled subject. */
  public String subjectId() {
    return subject.id();
  }

  /** Where the patch lies in the sampled subject's voxel grid. */
  public Box location() {
    return location;
  }

  /**
   * Where the patch's voxels lie in {@link #subject()}: {@link #location()} for a view, the whole
   * grid {@code (0, 0, 0, size)} for a detached patch.
   */
  public Box region() {
    return region;
  }

  /** The patch's spatial extent. */
  public Shape size() {
    return location.size();
  }

  /** Whether the patch holds its own copy of its voxels (see {@link #detach()}). */
  public boolean isDetached() {
    return detached;
  }

  /**
   * A patch holding its own copy of the voxels of every image, in a patch-sized subject with the
   * same id, metadata and history whose images' affine is shifted to the patch start. Returns this
   * patch if it is detached already.
   */
  public Patch detach() {
    if (isDetached()) {
      return this;
    }
    Map<String, Image> cropped = new LinkedHashMap<>();
    for (Map.Entry<String, Image> e : subject.images().entrySet()) {
      cropped.put(e.getKey(), crop(e.getValue()));
    }
    Subject small = subject.withImages(cropped, null);
    return new Patch(small, location, Box.of(location.size()), true);
  }

  /**
   * The named image cut to the patch, as a patch-sized image whose affine starts at the patch (a
   * copy for a view; the stored image for a detached patch).
   */
  public Image image(String name) {
    Image image = subject.image(name);
    return isDetached() ? image : crop(image);
  }

  private Image crop(Image image) {
    Shape size = location.size();
    ImageGeometry g =
        new ImageGeometry(
            size,
            image.channels(),
            image.affine().shiftedBy(region.x0(), region.y0(), region.z0()));
    Shape src = image.shape();
    int n = size.voxelsAsInt();
    int srcVolume = src.voxelsAsInt();
    if (image instanceof ScalarImage s) {
      float[] in = s.voxels();
      float[] out = new float[n * image.channels()];
      for (int c = 0; c < image.channels(); c++) {
        Boxes.copy(in, src, c * srcVolume, region, out, size, c * n);
      }
      return ScalarImage.of(g, out);
    }
    byte[] in = ((LabelMap) image).labels();
    byte[] out = new byte[n * image.channels()];
    for (int c = 0; c < image.channels(); c++) {
      Boxes.copy(in, src, c * srcVolume, region, out, size, c * n);
    }
    return LabelMap.of(g, out);
  }

  @Override
  public String toString() {
    return "Patch(" + subject.id() + " " + location + (isDetached() ? ", detached)" : ")");
  }
}
