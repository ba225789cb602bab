package org.liverseg.models.task03;

import java.util.List;
import org.liverseg.models.metrics.Region;

/**
 * The conventions of the Medical Segmentation Decathlon's Task03_Liver (and LiTS): labels 0
 * background, 1 liver, 2 tumour, and the two regions the task reports. The liver is the whole
 * organ, tumours included ({@link #LIVER}, labels 1 and 2); the tumour is label 2 ({@link
 * #TUMOUR}).
 *
 * <p>These live apart from the generic metrics and prediction code so that a user with another
 * label set never meets them; see {@code docs/ARCHITECTURE.md}, "Task03 specifics".
 */
public final class Task03 {

  /** Task03_Liver's liver: the whole organ, labels 1 (liver) and 2 (tumour). */
  public static final Region LIVER = Region.of("liver", 1, 2);

  /** Task03_Liver's tumour: label 2. */
  public static final Region TUMOUR = Region.of("tumour", 2);

  /** The regions Task03_Liver reports, in order: liver, tumour. */
  public static final List<Region> REGIONS = List.of(LIVER, TUMOUR);

  /** Classes of the Task03_Liver labels: background, liver, tumour. */
  public static final int CLASSES = 3;

  private Task03() {}
}
