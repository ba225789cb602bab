package org.liverseg.transforms.label;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.liverseg.io.Image;
import org.liverseg.io.LabelMap;
import org.liverseg.io.Subject;
import org.liverseg.transforms.AbstractTransform;
import org.liverseg.transforms.AppliedTransform;
import org.liverseg.transforms.TransformBuilder;

/**
 * Replaces label values in the selected label maps, as TorchIO's {@code RemapLabels}: each {@code
 * from -> to} pair is applied to the original values at once (so {@code 1 -> 2, 2 -> 1} swaps);
 * labels not mentioned are kept. Scalar images are not touched.
 *
 * <pre>{@code
 * Transform liverOnly = RemapLabels.builder().map(2, 1).build(); // tumour counts as liver
 * }</pre>
 */
public final class RemapLabels extends AbstractTransform {

  private final ImmutableSortedMap<Integer, Integer> remapping;
  private final byte[] table = new byte[LabelMap.MAX_LABEL + 1];

  private RemapLabels(Builder b) {
    super(b);
    checkArgument(!b.remapping.isEmpty(), "RemapLabels needs at least one map(from, to) pair");
    this.remapping = ImmutableSortedMap.copyOf(b.remapping);
    for (int l = 0; l <= LabelMap.MAX_LABEL; l++) {
      table[l] = (byte) remapping.getOrDefault(l, l).intValue();
    }
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
      byte[] in = subject.labelMap(n).labels();
      byte[] out = new byte[in.length];
      for (int i = 0; i < in.length; i++) {
        out[i] = table[in[i] & 0xFF];
      }
      changed.put(n, subject.labelMap(n).withLabels(out));
    }
    return replace(
        subject,
        changed,
        AppliedTransform.of(
            name(),
            ImmutableMap.of("remapping", remapping.toString()),
            names,
            subject.images().keySet()));
  }

  /** Configures a {@link RemapLabels}. */
  public static final class Builder extends TransformBuilder<Builder> {
    private final Map<Integer, Integer> remapping = new LinkedHashMap<>();

    private Builder() {}

    /** Maps label {@code from} to {@code to} (both 0..255). */
    public Builder map(int from, int to) {
      checkArgument(
          from >= 0 && from <= LabelMap.MAX_LABEL && to >= 0 && to <= LabelMap.MAX_LABEL,
          "labels must be in 0..255, got %s -> %s",
          from,
          to);
      checkArgument(
          !remapping.containsKey(from),
          "label %s is already mapped to %s",
          from,
          remapping.get(from));
      remapping.put(from, to);
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    public RemapLabels build() {
      return new RemapLabels(this);
    }
  }
}
