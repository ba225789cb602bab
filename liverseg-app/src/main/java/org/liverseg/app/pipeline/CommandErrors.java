package org.liverseg.app.pipeline;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.liverseg.io.msd.MsdFormatException;

/**
 * Turns an exception into the line a CLI command prints on stderr, so that scripts and users get a
 * clear reason and a non-zero exit code instead of a stack trace: one line per failure, except that
 * the problems of an MSD dataset ({@link MsdFormatException}) are listed one per line under it. Set
 * {@code -Dliverseg.stacktrace=true} to print the stack trace as well.
 */
public final class CommandErrors {

  /** Exit code for input that cannot be processed (missing files, bad data, wrong model). */
  public static final int INPUT_ERROR = 1;

  private CommandErrors() {}

  /** The one-line message for {@code t}. */
  public static String message(Throwable t) {
    Throwable e = unwrap(t);
    String m = e.getMessage();
    if (e instanceof NoSuchFileException n) {
      String reason = n.getReason();
      return (reason == null ? "no such file or folder" : reason) + ": " + n.getFile();
    }
    if (e instanceof NotDirectoryException n) {
      return "not a folder: " + n.getFile();
    }
    if (e instanceof AccessDeniedException a) {
      return "permission denied: " + a.getFile();
    }
    if (e instanceof FileAlreadyExistsException f) {
      return "already exists: " + f.getFile();
    }
    if (e instanceof OutOfMemoryError) {
      return "out of memory ("
          + m
          + "); give Java more heap with -Xmx or use a smaller configuration";
    }
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    // One line: the first line of a multi-line message carries the reason.
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl).trim();
  }

  /**
   * The lines for {@code t}: {@link #message}, or for an {@link MsdFormatException} its summary and
   * then every problem on a line of its own ({@code " - <problem>"}).
   */
  public static List<String> lines(Throwable t) {
    if (unwrap(t) instanceof MsdFormatException m) {
      List<String> lines = new ArrayList<>();
      lines.add(
          m.problems().size()
              + (m.problems().size() == 1 ? " problem" : " problems")
              + " in MSD dataset "
              + m.root()
              + ":");
      m.problems().forEach(p -> lines.add("  - " + p));
      return lines;
    }
    return List.of(message(t));
  }

  /**
   * One line about a failure with {@code file}, naming it first: {@code "<file>: <reason>"} (the
   * message as it is when it already starts with the file).
   */
  public static String about(Path file, Throwable t) {
    Throwable e = unwrap(t);
    String name = file.toString();
    if (e instanceof NoSuchFileException n && name.equals(n.getFile())) {
      return name + ": no such file";
    }
    String m = message(e);
    return m.startsWith(name) ? m : name + ": " + m;
  }

  /**
   * Prints {@code "liverseg <command>: <line>"} (see {@link #lines}) and returns {@link
   * #INPUT_ERROR}.
   */
  public static int report(String command, Throwable t, PrintWriter err) {
    List<String> lines = lines(t);
    err.println("liverseg " + command + ": " + lines.get(0));
    lines.subList(1, lines.size()).forEach(err::println);
    if (Boolean.getBoolean("liverseg.stacktrace")) {
      t.printStackTrace(err);
    }
    err.flush();
    return INPUT_ERROR;
  }

  /** Prints {@code "liverseg <command>: <line>"} for a failure of one of several inputs. */
  public static void reportOne(String command, Path file, Throwable t, PrintWriter err) {
    err.println("liverseg " + command + ": " + about(file, t));
    if (Boolean.getBoolean("liverseg.stacktrace")) {
      t.printStackTrace(err);
    }
    err.flush();
  }

  private static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof UncheckedIOException
            || e instanceof ExecutionException
            || (e instanceof RuntimeException && e.getClass() == RuntimeException.class))
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
