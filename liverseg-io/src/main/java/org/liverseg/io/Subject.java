package org.liverseg.io;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * An immutable, named collection of images of one patient (e.g. {@code "ct"} and {@code "label"}),
 * with an id, free-form metadata and the history of transforms applied to it.
 *
 * <p>All images of a subject share one voxel space: the same spatial shape and, within {@link
 * #spaceTolerance()}, the same affine. This is checked when the subject is built (reading only the
 * headers of lazy images); a mismatch throws an exception that names both images. Use {@link
 * #builder(String)} to create one and the {@code with...} methods to derive changed copies.
 */
public final class Subject {

  /** Default largest allowed difference between two images' affine entries (millimetres). */
  public static final double DEFAULT_SPACE_TOLERANCE = 1e-4;

  private final String id;
  private final ImmutableMap<String, Image> images;
  private final ImmutableMap<String, String> metadata;
  private final ImmutableList<TransformRecord> history;
  private final double spaceTolerance;

  private Subject(
      String id,
      Map<String, Image> images,
      Map<String, String> metadata,
      List<TransformRecord> history,
      double spaceTolerance) {
    this.id = id;
    this.images = ImmutableMap.copyOf(images);
    this.metadata = ImmutableMap.copyOf(metadata);
    this.history = ImmutableList.copyOf(history);
    this.spaceTolerance = spaceTolerance;
    checkArgument(!this.images.isEmpty(), "subject %s has no images", id);
    checkConsistentSpace();
  }

  /** Starts a subject with the given id. */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** The subject's id (e.g. {@code "liver_7"}). */
  public String id() {
    return id;
  }

  /** The images by name, in insertion order. */
  public ImmutableMap<String, Image> images() {
    return images;
  }

  /**
   * The image with that name.
   *
   * @throws NoSuchElementException naming the subject and the images it has
   */
  public Image image(String name) {
    Image image = images.get(name);
    if (image == null) {
      throw new NoSuchElementException(
          "subject " + id + " has no image named '" + name + "'; it has " + images.keySet());
    }
    return image;
  }

  /** The scalar image with that name; throws if absent or a label map. */
  public ScalarImage scalarImage(String name) {
    Image image = image(name);
    if (!(image instanceof ScalarImage s)) {
      throw new IllegalArgumentException(
          "image '" + name + "' of subject " + id + " is a label map, not a scalar image");
    }
    return s;
  }

  /** The label map with that name; throws if absent or a scalar image. */
  public LabelMap labelMap(String name) {
    Image image = image(name);
    if (!(image instanceof LabelMap l)) {
      throw new IllegalArgumentException(
          "image '" + name + "' of subject " + id + " is a scalar image, not a label map");
    }
    return l;
  }

  /** Whether an image of that name exists. */
  public boolean has(String name) {
    return images.containsKey(name);
  }

  /** Metadata (e.g. source paths), by key. */
  public ImmutableMap<String, String> metadata() {
    return metadata;
  }

  /** The transforms applied so far, oldest first. */
  public ImmutableList<TransformRecord> history() {
    return history;
  }

  /** The tolerance used for the space-consistency check. */
  public double spaceTolerance() {
    return spaceTolerance;
  }

  /** The common spatial shape of the images. */
  public Shape shape() {
    return images.values().iterator().next().shape();
  }

  /** The affine of the first image (all agree within the tolerance). */
  public Affine affine() {
    return images.values().iterator().next().affine();
  }

  /** Spacing of the first image. */
  public double[] spacing() {
    return affine().spacing();
  }

  /** A copy with one image added or replaced (checked for space consistency). */
  public Subject withImage(String name, Image image) {
    Map<String, Image> m = new LinkedHashMap<>(images);
    m.put(requireNonNull(name, "name"), requireNonNull(image, "image"));
    return new Subject(id, m, metadata, history, spaceTolerance);
  }

  /**
   * A copy whose images are replaced by {@code newImages} (same names in the same order unless the
   * map says otherwise) and whose history gains {@code record}.
   */
  public Subject withImages(Map<String, ? extends Image> newImages, TransformRecord record) {
    ImmutableList<TransformRecord> h =
        record == null
            ? history
            : ImmutableList.<TransformRecord>builder().addAll(history).add(record).build();
    return new Subject(id, new LinkedHashMap<>(newImages), metadata, h, spaceTolerance);
  }

  /** A copy with another history (used when a history is undone). */
  public Subject withHistory(List<TransformRecord> newHistory) {
    return new Subject(id, images, metadata, newHistory, spaceTolerance);
  }

  /** A copy with one metadata entry added or replaced. */
  public Subject withMetadata(String key, String value) {
    Map<String, String> m = new LinkedHashMap<>(metadata);
    m.put(key, value);
    return new Subject(id, images, m, history, spaceTolerance);
  }

  /** Loads the voxels of every lazy image and returns this subject. */
  public Subject load() {
    images.values().forEach(Image::load);
    return this;
  }

  private void checkConsistentSpace() {
    Map.Entry<String, Image> first = null;
    for (Map.Entry<String, Image> e : images.entrySet()) {
      if (first == null) {
        first = e;
        continue;
      }
      Image a = first.getValue();
      Image b = e.getValue();
      if (!a.shape().equals(b.shape())) {
        throw new IllegalArgumentException(
            String.format(
                "subject %s: image '%s' has spatial shape %s but image '%s' has %s%s",
                id, first.getKey(), a.shape(), e.getKey(), b.shape(), paths(a, b)));
      }
      double d = a.affine().maxAbsDifference(b.affine());
      if (d > spaceTolerance) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "subject %s: images '%s' and '%s' have different affines (largest difference %.3g > tolerance %.3g)%n%s%n%s%s",
                id,
                first.getKey(),
                e.getKey(),
                d,
                spaceTolerance,
                a.affine(),
                b.affine(),
                paths(a, b)));
      }
    }
  }

  private static String paths(Image a, Image b) {
    if (a.path().isEmpty() && b.path().isEmpty()) {
      return "";
    }
    return " (files "
        + a.path().map(Object::toString).orElse("-")
        + " and "
        + b.path().map(Object::toString).orElse("-")
        + ")";
  }

  @Override
  public String toString() {
    return "Subject(" + id + ", images=" + images.keySet() + ", shape=" + shape() + ")";
  }

  /** Builds a {@link Subject}. */
  public static final class Builder {
    private final String id;
    private final Map<String, Image> images = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private double spaceTolerance = DEFAULT_SPACE_TOLERANCE;

    private Builder(String id) {
      this.id = requireNonNull(id, "id");
    }

    /** Adds an image under a name (names are unique). */
    public Builder image(String name, Image image) {
      checkArgument(
          !images.containsKey(name), "subject %s already has an image named '%s'", id, name);
      images.put(requireNonNull(name, "name"), requireNonNull(image, "image"));
      return this;
    }

    /** Adds a metadata entry. */
    public Builder metadata(String key, String value) {
      metadata.put(requireNonNull(key, "key"), requireNonNull(value, "value"));
      return this;
    }

    /** Sets the largest allowed affine difference between images (default 1e-4). */
    public Builder spaceTolerance(double tolerance) {
      checkArgument(tolerance >= 0, "tolerance must be non-negative, got %s", tolerance);
      this.spaceTolerance = tolerance;
      return this;
    }

    /**
     * Builds the subject.
     *
     * @throws IllegalArgumentException if there is no image or two images differ in shape or affine
     *     (the message names both)
     */
    public Subject build() {
      return new Subject(id, images, metadata, List.of(), spaceTolerance);
    }
  }
}
