package org.liverseg.io.msd;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.gson.annotations.SerializedName;
import java.util.List;
import java.util.Map;

/**
 * The contents of a Medical Segmentation Decathlon {@code dataset.json}, field for field as the
 * Decathlon writes it (the real files spell {@code "release"} as {@code "relase"}; both are read,
 * {@code "release"} is written). Any field may be null when a file omits it.
 *
 * @param name task name, e.g. {@code "Liver"}
 * @param description free text
 * @param reference where the data comes from
 * @param licence licence of the data
 * @param release release string
 * @param tensorImageSize {@code "3D"} or {@code "4D"}
 * @param modality channel index to modality, e.g. {@code {"0": "CT"}}
 * @param labels label value to name, e.g. {@code {"0": "background", "1": "liver", "2": "cancer"}}
 * @param numTraining number of training cases the file claims
 * @param numTest number of test cases the file claims
 * @param training image/label pairs
 * @param test relative paths of test images (no labels)
 */
public record MsdDescriptor(
    String name,
    String description,
    String reference,
    String licence,
    @SerializedName(
            value = "release",
            alternate = {"relase"})
        String release,
    String tensorImageSize,
    Map<String, String> modality,
    Map<String, String> labels,
    Integer numTraining,
    Integer numTest,
    List<MsdPair> training,
    List<String> test) {

  /** Labels of Task03_Liver: 0 background, 1 liver, 2 cancer. */
  public static final ImmutableMap<String, String> LIVER_LABELS =
      ImmutableMap.of("0", "background", "1", "liver", "2", "cancer");

  /**
   * A descriptor in the style of Task03_Liver for the given training pairs and test images.
   *
   * @param name task name
   * @param description free text
   * @param training training pairs
   * @param test test image paths
   */
  public static MsdDescriptor liver(
      String name, String description, List<MsdPair> training, List<String> test) {
    return new MsdDescriptor(
        name,
        description,
        "liverseg",
        "CC-BY-SA 4.0",
        "1.0",
        "3D",
        ImmutableMap.of("0", "CT"),
        LIVER_LABELS,
        training.size(),
        test.size(),
        ImmutableList.copyOf(training),
        ImmutableList.copyOf(test));
  }
}
