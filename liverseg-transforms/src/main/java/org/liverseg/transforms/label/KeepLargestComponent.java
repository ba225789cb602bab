package org.liverseg.transforms.label;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.liverseg.io.Image;
import org.liverseg.io.LabelMap;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.AbstractTransform;
import org.liverseg.transforms.AppliedTransform;
import org.liverseg.transforms.TransformBuilder;

/**
 * Keeps only the largest 3D connected component of the foreground of each selected label map and
 * sets every other voxel to 0, e.g. to remove false-positive islands from a liver prediction.
 * Foreground is every label above 0, or the labels given with {@code labels(...)}; connectivity is
 * 6 (faces, the default, as SimpleITK's {@code ConnectedComponent}) or 26 (faces, edges and
 * corners). Kept voxels keep their labels (so a liver with its tumours stays labelled 1/2); {@code
 * binarize()} outputs 0/1 instead, which is exactly TorchIO's {@code KeepLargestComponent}. A tie
 * goes to the component whose first voxel comes first in memory order. An empty foreground leaves
 * the map unchanged (all background). Uses union-find without recursion.
 *
 * <pre>{@code
 * Transform clean = KeepLargestComponent.builder().labels(1, 2).connectivity(26).include("pred").build();
 * }</pre>
 */
public final class KeepLargestComponent extends AbstractTransform {

  private final ImmutableSortedSet<Integer> labels;
  private final int connectivity;
  private final boolean binarize;

  private KeepLargestComponent(Builder b) {
    super(b);
    this.labels = b.labels;
    this.connectivity = b.connectivity;
    this.binarize = b.binarize;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected Subject transform(Subject subject, RandomGenerator random) {
    List<String> names =
        selectedNames(subject).stream().filter(n -> subject.image(n) instanceof LabelMap).toList();
    Map<String, Image> changed = new LinkedHashMap<>();
    for (String n : names) {
      LabelMap l = subject.labelMap(n);
      checkArgument(
          l.channels() == 1,
          "KeepLargestComponent: label map '%s' of subject %s has %s channels; it needs 1",
          n,
          subject.id(),
          l.channels());
      changed.put(
          n,
          l.withLabels(keepLargest(l.labels(), l.shape(), foreground(), connectivity, binarize)));
    }
    return replace(
        subject,
        changed,
        AppliedTransform.of(
            name(),
            Map.of(
                "labels",
                ImmutableList.copyOf(labels),
                "connectivity",
                connectivity,
                "binarize",
                binarize),
            names,
            subject.images().keySet()));
  }

  private boolean[] foreground() {
    boolean[] f = new boolean[LabelMap.MAX_LABEL + 1];
    for (int i = 1; i < f.length; i++) {
      f[i] = labels.isEmpty() || labels.contains(i);
    }
    return f;
  }

  /**
   * The labels with everything outside the largest foreground component set to 0 (and the rest set
   * to 1 when {@code binarize}).
   */
  public static byte[] keepLargest(
      byte[] in, Shape shape, boolean[] foreground, int connectivity, boolean binarize) {
    int[] roots = ConnectedComponents.roots(in, shape, foreground, connectivity);
    int[] size = ConnectedComponents.sizes(roots);
    int n = in.length;
    int best = -1;
    // roots are the smallest index of their component, so scanning in order and taking a strictly
    // larger size breaks ties by first voxel
    for (int v = 0; v < n; v++) {
      if (roots[v] == v && (best < 0 || size[v] > size[best])) {
        best = v;
      }
    }
    byte[] out = new byte[n];
    if (best < 0) {
      return out;
    }
    for (int v = 0; v < n; v++) {
      if (roots[v] == best) {
        out[v] = binarize ? 1 : in[v];
      }
    }
    return out;
  }

  /** Configures a {@link KeepLargestComponent}. */
  public static final class Builder extends TransformBuilder<Builder> {
    private ImmutableSortedSet<Integer> labels = ImmutableSortedSet.of();
    private int connectivity = 6;
    private boolean binarize;

    private Builder() {}

    /** The labels that form the foreground (default: every label above 0). */
    public Builder labels(int... values) {
      ImmutableSortedSet.Builder<Integer> b = ImmutableSortedSet.naturalOrder();
      for (int v : values) {
        checkArgument(
            v >= 1 && v <= LabelMap.MAX_LABEL, "foreground labels must be in 1..255, got %s", v);
        b.add(v);
      }
      labels = b.build();
      return this;
    }

    /** 6 (faces, default) or 26 (faces, edges, corners). */
    public Builder connectivity(int value) {
      checkArgument(value == 6 || value == 26, "connectivity must be 6 or 26, got %s", value);
      connectivity = value;
      return this;
    }

    /** Outputs 1 for the kept component instead of its labels (TorchIO's behaviour). */
    public Builder binarize() {
      binarize = true;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    public KeepLargestComponent build() {
      return new KeepLargestComponent(this);
    }
  }
}
