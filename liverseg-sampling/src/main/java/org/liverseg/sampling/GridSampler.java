package org.liverseg.sampling;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Lists;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.liverseg.io.Box;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.spatial.Bounds;
import org.liverseg.transforms.spatial.Pad;
import org.liverseg.transforms.spatial.PaddingMode;

/**
 * Tiles a whole subject into overlapping patches for inference, exactly as TorchIO's {@code
 * GridSampler} (see docs/ARCHITECTURE.md); a {@link GridAggregator} puts the model's outputs back
 * together.
 *
 * <pre>{@code
 * GridSampler grid = new GridSampler(subject, Shape.cube(96), new int[] {16, 16, 16}, PaddingMode.ZERO);
 * GridAggregator agg = new GridAggregator(grid, GridAggregator.Mode.AVERAGE);
 * for (List<Patch> batch : grid.batches(4)) {
 *   agg.add(model(BatchCollator.collate(batch, "ct")), batch.stream().map(Patch::location).toList());
 * }
 * ScalarImage prediction = agg.output();   // the subject's shape and affine
 * }</pre>
 *
 * <p>With a padding mode, every side of every axis is first padded by {@code O/2} with liverseg's
 * {@link Pad} (which moves the affine's origin), and all locations are in the padded grid; the
 * sampler holds the padded subject. Then, on the (padded) volume, TorchIO's checks run in its
 * order: a patch larger than the volume, an overlap not smaller than the patch, an odd overlap. Per
 * axis the starts are {@code 0, P-O, 2(P-O), ...} while {@code start <= S - P}, plus {@code S - P}
 * if the last start is not that; the locations are all combinations, sorted lexicographically by
 * {@code (x0, y0, z0)}. Example: 256x256x100, patch 96, overlap 16: starts (0, 80, 160) x (0, 80,
 * 160) x (0, 4), 18 patches; padded to 272x272x116: (0, 80, 160, 176)^2 x (0, 20), 32 patches.
 *
 * <p>Immutable; iterating yields {@link Patch} views of the (padded) subject in location order.
 */
public final class GridSampler implements Iterable<Patch> {

  private final Subject original;
  private final Subject subject;
  private final Shape patchSize;
  private final int[] overlap;
  private final PaddingMode paddingMode;
  private final int[][] starts;
  private final ImmutableList<Box> locations;

  /**
   * A grid over {@code subject} with patches of {@code patchSize} overlapping by {@code
   * patchOverlap} voxels (1 or 3 values, even), padded by {@code O/2} per side with {@code
   * paddingMode} first unless it is {@code null}.
   *
   * @throws IllegalArgumentException on TorchIO's checks (see the class description), naming sizes
   */
  public GridSampler(
      Subject subject, Shape patchSize, int[] patchOverlap, PaddingMode paddingMode) {
    this.original = requireNonNull(subject, "subject");
    this.patchSize = requireNonNull(patchSize, "patchSize");
    this.overlap = GridLocations.overlap(requireNonNull(patchOverlap, "patchOverlap"));
    this.paddingMode = paddingMode;
    int[] border =
        paddingMode == null
            ? new int[3]
            : new int[] {overlap[0] / 2, overlap[1] / 2, overlap[2] / 2};
    this.subject =
        paddingMode == null
            ? subject
            : Pad.builder().padding(Bounds.of(border)).mode(paddingMode).build().apply(subject);
    Shape volume = this.subject.shape();
    GridLocations.check(volume, patchSize, overlap, border);
    this.starts = new int[3][];
    for (int a = 0; a < 3; a++) {
      starts[a] = GridLocations.starts(volume.get(a), patchSize.get(a), overlap[a]);
    }
    this.locations = GridLocations.locations(starts, patchSize);
  }

  /** A grid without padding. */
  public GridSampler(Subject subject, Shape patchSize, int[] patchOverlap) {
    this(subject, patchSize, patchOverlap, null);
  }

  /**
   * A grid of cubic patches with the same overlap on every axis, padded unless {@code paddingMode}
   * is null.
   */
  public GridSampler(Subject subject, int patchSize, int patchOverlap, PaddingMode paddingMode) {
    this(subject, Shape.cube(patchSize), new int[] {patchOverlap}, paddingMode);
  }

  /**
   * The subject the locations refer to: the padded subject when padding, else the input subject.
   */
  public Subject subject() {
    return subject;
  }

  /** The subject as given, before padding. */
  public Subject originalSubject() {
    return original;
  }

  /** The patch size. */
  public Shape patchSize() {
    return patchSize;
  }

  /** The overlap per axis {@code {x, y, z}} (a copy). */
  public int[] patchOverlap() {
    return overlap.clone();
  }

  /** The padding mode, if the sampler padded. */
  public Optional<PaddingMode> paddingMode() {
    return Optional.ofNullable(paddingMode);
  }

  /** Whether the sampler padded the subject by {@code O/2} per side. */
  public boolean isPadded() {
    return paddingMode != null;
  }

  /** The patch locations in the (padded) subject's grid, sorted lexicographically. */
  public ImmutableList<Box> locations() {
    return locations;
  }

  /** The starts along axis 0 (x), 1 (y) or 2 (z), increasing (a copy). */
  public int[] starts(int axis) {
    checkArgument(axis >= 0 && axis < 3, "axis must be 0, 1 or 2, got %s", axis);
    return starts[axis].clone();
  }

  /** Number of patches. */
  public int size() {
    return locations.size();
  }

  /**
   * The patches in location order, grouped into batches of {@code batchSize} (the last may be
   * smaller).
   */
  public List<List<Patch>> batches(int batchSize) {
    checkArgument(batchSize > 0, "batch size must be positive, got %s", batchSize);
    return Lists.partition(patches(), batchSize);
  }

  /** The patches in location order. */
  public List<Patch> patches() {
    return Lists.transform(locations, l -> Patch.of(subject, l));
  }

  @Override
  public Iterator<Patch> iterator() {
    return patches().iterator();
  }

  int[] startsView(int axis) {
    return starts[axis];
  }

  int overlap(int axis) {
    return overlap[axis];
  }

  @Override
  public String toString() {
    return "GridSampler("
        + original.id()
        + ", patch "
        + patchSize
        + ", overlap "
        + GridLocations.text(overlap)
        + (isPadded() ? ", padded " + paddingMode.torchioName() : "")
        + ", "
        + locations.size()
        + " patches)";
  }
}
