package org.liverseg.io.msd;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A dataset folder that does not follow the MSD layout. It lists every problem found (missing
 * files, unreadable {@code dataset.json}, mismatched image/label pairs, unreadable headers, images
 * whose geometry disagrees with their labels), each naming the file concerned, so that one run
 * shows everything to fix.
 */
public final class MsdFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  private final Path root;
  private final ImmutableList<String> problems;

  /**
   * @param root the dataset folder
   * @param problems one line per problem
   */
  public MsdFormatException(Path root, List<String> problems) {
    super(message(root, problems));
    this.root = root;
    this.problems = ImmutableList.copyOf(problems);
  }

  /** The dataset folder. */
  public Path root() {
    return root;
  }

  /** Every problem found, one line each. */
  public ImmutableList<String> problems() {
    return problems;
  }

  private static String message(Path root, List<String> problems) {
    StringBuilder sb = new StringBuilder();
    sb.append(problems.size())
        .append(problems.size() == 1 ? " problem" : " problems")
        .append(" in MSD dataset ")
        .append(root)
        .append(':');
    for (String p : problems) {
      sb.append(System.lineSeparator()).append("  - ").append(p);
    }
    return sb.toString();
  }
}
