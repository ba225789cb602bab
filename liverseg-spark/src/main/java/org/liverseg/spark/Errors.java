package org.liverseg.spark;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.ExecutionException;

/** The one line a result row's {@code error} column holds for an exception. */
final class Errors {

  /** Longest error text kept in a row. */
  static final int MAX_LENGTH = 500;

  private Errors() {}

  /**
   * The reason {@code t} gives, in one line: the message of the innermost wrapped cause, its first
   * line, whitespace collapsed, at most {@value #MAX_LENGTH} characters; the exception's simple
   * name when it has no message.
   */
  static String oneLine(Throwable t) {
    Throwable e = t;
    while ((e instanceof UncheckedIOException
            || e instanceof ExecutionException
            || e.getClass() == RuntimeException.class)
        && e.getCause() != null) {
      e = e.getCause();
    }
    String m;
    if (e instanceof NoSuchFileException n) {
      m = (n.getReason() == null ? "no such file" : n.getReason()) + ": " + n.getFile();
    } else if (e instanceof AccessDeniedException a) {
      m = "permission denied: " + a.getFile();
    } else if (e instanceof OutOfMemoryError) {
      m =
          "out of memory ("
              + e.getMessage()
              + "): give executors more memory (spark.executor.memory, and"
              + " spark.executor.memoryOverhead for ND4J's native arrays)";
    } else {
      m = e.getMessage();
    }
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    String line = (nl < 0 ? m : m.substring(0, nl)).replaceAll("\\s+", " ").trim();
    return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH - 3) + "...";
  }
}
