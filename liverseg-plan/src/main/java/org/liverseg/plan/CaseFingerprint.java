package org.liverseg.plan;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import org.liverseg.io.Shape;

/**
 * What a fingerprint keeps of one case: its id, its shape, spacing and orientation as stored (voxel
 * axes, not canonical), and, for a labelled case, how many voxels carry each label value.
 *
 * @param id the subject id (e.g. {@code liver_7})
 * @param shape the spatial shape in stored voxel order
 * @param spacing the spacing in millimetres in stored voxel order
 * @param orientation the orientation code, e.g. {@code "LPS"} (see {@link Canonical})
 * @param classVoxels voxels per label value present (values with no voxel are left out); {@code
 *     null} for a case fingerprinted without its label map
 */
public record CaseFingerprint(
    String id,
    Shape shape,
    Vec3 spacing,
    String orientation,
    SortedMap<Integer, Long> classVoxels) {

  /** Checks the components and the orientation code, and copies the map. */
  public CaseFingerprint {
    requireNonNull(id, "id");
    requireNonNull(shape, "shape");
    requireNonNull(spacing, "spacing");
    checkArgument(spacing.isPositive(), "case %s: spacing must be positive, got %s", id, spacing);
    Canonical.voxelAxes(orientation);
    if (classVoxels != null) {
      long total = 0;
      for (var e : classVoxels.entrySet()) {
        checkArgument(
            e.getKey() != null && e.getKey() >= 0 && e.getKey() <= 255,
            "case %s: label values must be 0..255, got %s",
            id,
            e.getKey());
        checkArgument(
            e.getValue() != null && e.getValue() > 0,
            "case %s: label %s has count %s; only labels present are listed",
            id,
            e.getKey(),
            e.getValue());
        total += e.getValue();
      }
      checkArgument(
          total == shape.voxels(),
          "case %s: label counts add up to %s voxels but the shape %s holds %s",
          id,
          total,
          shape,
          shape.voxels());
      classVoxels = Collections.unmodifiableSortedMap(new TreeMap<>(classVoxels));
    }
  }

  /** Whether the label counts are known. */
  public boolean isLabelled() {
    return classVoxels != null;
  }

  /** Voxels with a label above 0 (0 for a case without a label map). */
  public long foregroundVoxels() {
    return classVoxels == null
        ? 0
        : classVoxels.tailMap(1).values().stream().mapToLong(l -> l).sum();
  }

  /** The shape in canonical (RAS) axis order. */
  public Shape canonicalShape() {
    return Canonical.shape(shape, orientation);
  }

  /** The spacing in canonical (RAS) axis order. */
  public Vec3 canonicalSpacing() {
    return Canonical.spacing(spacing, orientation);
  }
}
