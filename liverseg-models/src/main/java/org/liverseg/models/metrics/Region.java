package org.liverseg.models.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A set of labels scored together as one structure, as nnU-Net's regions: in Task03_Liver (and
 * LiTS) the liver is the whole organ, labels 1 (liver) and 2 (tumour), and the tumour is label 2
 * alone (see {@link org.liverseg.models.task03.Task03#LIVER}, {@link
 * org.liverseg.models.task03.Task03#TUMOUR}). A region of a single label is that class.
 *
 * @param name what reports call the region, e.g. {@code "liver"}
 * @param labels its labels, each in 0..255; stored sorted and without duplicates
 */
public record Region(String name, List<Integer> labels) {

  /** Checks and normalises the labels. */
  public Region {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(labels, "labels");
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("region " + name + " has no labels");
    }
    for (Integer l : labels) {
      if (l == null || l < 0 || l > 255) {
        throw new IllegalArgumentException("region " + name + ": label " + l + " outside 0..255");
      }
    }
    labels = List.copyOf(new TreeSet<>(labels));
  }

  /** The region called {@code name} made of {@code labels}. */
  public static Region of(String name, int... labels) {
    return new Region(name, Arrays.stream(labels).boxed().toList());
  }

  /** The unnamed region of {@code labels}, called e.g. {@code "labels [1, 2]"}. */
  public static Region ofLabels(int... labels) {
    return of("labels " + Arrays.toString(labels), labels);
  }

  /** Whether {@code label} belongs to the region. */
  public boolean contains(int label) {
    return labels.contains(label);
  }
}
