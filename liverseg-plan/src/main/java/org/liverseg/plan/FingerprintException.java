package org.liverseg.plan;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * Cases that could not be fingerprinted (an unreadable file, a missing image, more than one
 * channel, a NaN or infinite voxel). It lists every failed case, one line each naming the case and,
 * where known, the file, so that one run shows everything to fix.
 */
public final class FingerprintException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ImmutableList<String> problems;

  /**
   * @param cases how many cases were attempted
   * @param problems one line per failed case, in case order
   */
  public FingerprintException(int cases, List<String> problems) {
    super(message(cases, problems));
    this.problems = ImmutableList.copyOf(problems);
  }

  /** One line per failed case, in case order. */
  public ImmutableList<String> problems() {
    return problems;
  }

  private static String message(int cases, List<String> problems) {
    StringBuilder sb =
        new StringBuilder()
            .append(problems.size())
            .append(" of ")
            .append(cases)
            .append(cases == 1 ? " case" : " cases")
            .append(" could not be fingerprinted:");
    for (String p : problems) {
      sb.append(System.lineSeparator()).append("  - ").append(p);
    }
    return sb.toString();
  }
}
