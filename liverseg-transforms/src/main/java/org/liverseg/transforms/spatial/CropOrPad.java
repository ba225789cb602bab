package org.liverseg.transforms.spatial;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.liverseg.io.Box;
import org.liverseg.io.Image;
import org.liverseg.io.LabelMap;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.TransformBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crops and/or pads every image to a target shape, exactly as TorchIO's {@code CropOrPad}.
 *
 * <p><b>Centre mode</b> (no mask): per axis {@code diff = target - size}; {@code max(diff, 0)}
 * voxels are padded and {@code max(-diff, 0)} cropped, each amount {@code n} split {@code
 * ceil(n/2)} at the low-index side and {@code floor(n/2)} at the high side. Padding happens first
 * (filled as {@link PaddingMode} says, default constant 0, for label maps too), then cropping.
 *
 * <p><b>Mask mode</b> ({@code mask(name)}, optionally {@code labels(...)}): the output is centred
 * on the bounding box (exclusive max) of the mask's channel 0 (voxels {@code > 0}, or whose label
 * is one of {@code labels}); {@code centre = (min + max) / 2}, moved down by 0.5 when exactly one
 * of "centre is integral" and "target is even" holds; {@code begin = centre - t/2}, {@code end =
 * centre + t/2}; a negative begin is padded at the start, an end past the size is padded at the
 * end, the rest is cropped (an axis can be padded at one side and cropped at the other). Without a
 * target, the target is the bounding box size. A missing or empty mask logs a warning and falls
 * back to centre mode; a mask that is not a {@link LabelMap} is an error.
 *
 * <p>{@code onlyCrop()} / {@code onlyPad()} skip the other step, so the output is then not
 * necessarily the target shape.
 *
 * <p>Affine: only the origin moves, {@code new_origin = A * (crop_ini - pad_ini, 1)}; every kept
 * voxel keeps its world position. Invertible: the inverse restores the input shape and affine
 * exactly and the kept voxels (new voxels 0).
 *
 * <pre>{@code
 * Subject s = CropOrPad.to(256, 256, 64).apply(subject);
 * Subject around = CropOrPad.builder().target(128, 128, 64).mask("label").labels(1, 2).build().apply(subject);
 * }</pre>
 */
public final class CropOrPad extends WindowTransform {

  private static final Logger LOG = LoggerFactory.getLogger(CropOrPad.class);

  private final Shape target;
  private final PaddingMode mode;
  private final String maskName;
  private final ImmutableSortedSet<Integer> labels;
  private final boolean onlyCrop;
  private final boolean onlyPad;

  private CropOrPad(Builder b) {
    super(b);
    checkArgument(
        b.target != null || b.maskName != null,
        "CropOrPad needs a target shape, or a mask whose bounding box gives it");
    checkArgument(!(b.onlyCrop && b.onlyPad), "CropOrPad: onlyCrop and onlyPad cannot both be set");
    checkArgument(
        b.labels.isEmpty() || b.maskName != null,
        "CropOrPad: labels %s given without a mask",
        b.labels);
    this.target = b.target;
    this.mode = b.mode;
    this.maskName = b.maskName;
    this.labels = b.labels;
    this.onlyCrop = b.onlyCrop;
    this.onlyPad = b.onlyPad;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Centre-mode crop or pad to {@code (x, y, z)}, zero padding: {@code builder().target(x, y, z)}.
   */
  public static CropOrPad to(int x, int y, int z) {
    return builder().target(x, y, z).build();
  }

  /** Centre-mode crop or pad to {@code target}, zero padding: {@code builder().target(target)}. */
  public static CropOrPad to(Shape target) {
    return builder().target(target).build();
  }

  /** The padding and cropping CropOrPad applies to a subject (before onlyCrop/onlyPad). */
  public record Plan(Bounds padding, Bounds cropping) {
    /** Checks the components. */
    public Plan {
      requireNonNull(padding, "padding");
      requireNonNull(cropping, "cropping");
    }
  }

  /** The target shape, if one was given. */
  public Optional<Shape> target() {
    return Optional.ofNullable(target);
  }

  /** The padding mode. */
  public PaddingMode mode() {
    return mode;
  }

  /** Computes what this transform would pad and crop on {@code subject}. */
  public Plan plan(Subject subject) {
    Shape size = subject.shape();
    if (maskName != null) {
      Optional<Box> box = boundingBox(subject);
      if (box.isPresent()) {
        return maskPlan(size, box.get(), target);
      }
      checkState(
          target != null,
          "CropOrPad on subject %s: mask '%s' is missing or empty and no target shape"
              + " was given, so there is no shape to crop or pad to",
          subject.id(),
          maskName);
    }
    return centrePlan(size, target);
  }

  /** TorchIO's centre-mode amounts for {@code size -> target}. */
  public static Plan centrePlan(Shape size, Shape target) {
    int[] pad = new int[3];
    int[] crop = new int[3];
    for (int a = 0; a < 3; a++) {
      int diff = target.get(a) - size.get(a);
      pad[a] = Math.max(diff, 0);
      crop[a] = Math.max(-diff, 0);
    }
    return new Plan(Bounds.split(pad[0], pad[1], pad[2]), Bounds.split(crop[0], crop[1], crop[2]));
  }

  /**
   * TorchIO's mask-mode amounts for a mask's bounding box (end exclusive) in a volume of {@code
   * size}; a null target means the box size.
   */
  public static Plan maskPlan(Shape size, Box box, Shape target) {
    int[] p = new int[6];
    int[] c = new int[6];
    for (int a = 0; a < 3; a++) {
      int t = target == null ? box.end(a) - box.start(a) : target.get(a);
      // centre in half voxels keeps it exact: 2 * centre = min + max
      int twiceCentre = box.start(a) + box.end(a);
      boolean centreIntegral = twiceCentre % 2 == 0;
      boolean targetEven = t % 2 == 0;
      if (centreIntegral ^ targetEven) {
        twiceCentre -= 1;
      }
      // after the shift, twiceCentre - t is even: begin and end are integers
      int begin = (twiceCentre - t) / 2;
      int end = (twiceCentre + t) / 2;
      p[2 * a] = Math.max(-begin, 0);
      c[2 * a] = Math.max(begin, 0);
      p[2 * a + 1] = Math.max(end - size.get(a), 0);
      c[2 * a + 1] = Math.max(size.get(a) - end, 0);
    }
    return new Plan(Bounds.of(p), Bounds.of(c));
  }

  @Override
  protected Subject transform(Subject subject, RandomGenerator random) {
    Plan plan = plan(subject);
    Bounds padding = onlyCrop ? Bounds.NONE : plan.padding();
    Bounds cropping = onlyPad ? Bounds.NONE : plan.cropping();
    Map<String, Object> params = new LinkedHashMap<>();
    params.put(
        "target_shape",
        target == null
            ? "mask bounding box"
            : ImmutableList.of(target.x(), target.y(), target.z()));
    if (maskName != null) {
      params.put("mask_name", maskName);
      params.put("labels", ImmutableList.copyOf(labels));
    }
    params.put("only_crop", onlyCrop);
    params.put("only_pad", onlyPad);
    return window(subject, padding, cropping, mode, params);
  }

  /** The mask's bounding box, or empty (after a warning) when the mask is missing or empty. */
  private Optional<Box> boundingBox(Subject subject) {
    if (!subject.has(maskName)) {
      LOG.warn(
          "CropOrPad: mask '{}' not found in subject {} (images {}); using the volume centre instead",
          maskName,
          subject.id(),
          subject.images().keySet());
      return Optional.empty();
    }
    Image image = subject.image(maskName);
    if (!(image instanceof LabelMap mask)) {
      throw new IllegalArgumentException(
          "CropOrPad: mask '"
              + maskName
              + "' of subject "
              + subject.id()
              + " is a scalar image; a mask must be a LabelMap");
    }
    boolean[] selected = new boolean[LabelMap.MAX_LABEL + 1];
    for (int l = 1; l <= LabelMap.MAX_LABEL; l++) {
      selected[l] = labels.isEmpty() || labels.contains(l);
    }
    selected[0] = labels.contains(0);
    Shape s = mask.shape();
    byte[] v = mask.labels();
    int[] box = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1, -1};
    int i = 0;
    for (int z = 0; z < s.z(); z++) {
      for (int y = 0; y < s.y(); y++) {
        for (int x = 0; x < s.x(); x++, i++) {
          if (selected[v[i] & 0xFF]) {
            box[0] = Math.min(box[0], x);
            box[1] = Math.min(box[1], y);
            box[2] = Math.min(box[2], z);
            box[3] = Math.max(box[3], x + 1);
            box[4] = Math.max(box[4], y + 1);
            box[5] = Math.max(box[5], z + 1);
          }
        }
      }
    }
    if (box[3] < 0) {
      LOG.warn(
          "CropOrPad: mask '{}' of subject {} has no voxel {}; using the volume centre instead",
          maskName,
          subject.id(),
          labels.isEmpty() ? "> 0" : "with a label in " + labels);
      return Optional.empty();
    }
    return Optional.of(new Box(box[0], box[1], box[2], box[3], box[4], box[5]));
  }

  /** Configures a {@link CropOrPad}. */
  public static final class Builder extends TransformBuilder<Builder> {
    private Shape target;
    private PaddingMode mode = PaddingMode.ZERO;
    private String maskName;
    private ImmutableSortedSet<Integer> labels = ImmutableSortedSet.of();
    private boolean onlyCrop;
    private boolean onlyPad;

    private Builder() {}

    /** The output shape (positive extents). */
    public Builder target(int x, int y, int z) {
      return target(Shape.of(x, y, z));
    }

    /** The output shape. */
    public Builder target(Shape shape) {
      target = requireNonNull(shape, "shape");
      return this;
    }

    /** How padded voxels are filled (default constant 0). */
    public Builder mode(PaddingMode paddingMode) {
      mode = requireNonNull(paddingMode, "paddingMode");
      return this;
    }

    /** The mode in TorchIO's spelling, e.g. {@code "minimum"} or {@code "-1000"}. */
    public Builder mode(String paddingMode) {
      return mode(PaddingMode.parse(paddingMode));
    }

    /** Centres the output on the bounding box of this label map (mask mode). */
    public Builder mask(String name) {
      maskName = requireNonNull(name, "name");
      return this;
    }

    /** Only these labels of the mask count (default: every label above 0). */
    public Builder labels(int... values) {
      ImmutableSortedSet.Builder<Integer> b = ImmutableSortedSet.naturalOrder();
      for (int v : values) {
        checkArgument(v >= 0 && v <= LabelMap.MAX_LABEL, "mask label must be in 0..255, got %s", v);
        b.add(v);
      }
      labels = b.build();
      return this;
    }

    /** Crop only; never pad. */
    public Builder onlyCrop() {
      onlyCrop = true;
      return this;
    }

    /** Pad only; never crop. */
    public Builder onlyPad() {
      onlyPad = true;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    public CropOrPad build() {
      return new CropOrPad(this);
    }
  }
}
