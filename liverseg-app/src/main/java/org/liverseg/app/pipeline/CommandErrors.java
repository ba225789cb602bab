package org.liverseg.app.pipeline;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.ExecutionException;

/**
 * Turns an exception into the one line a CLI command prints on stderr, so that scripts and users
 * get a clear reason and a non-zero exit code instead of a stack trace. Set {@code
 * -Dliverseg.stacktrace=true} to print the stack trace as well.
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

  /** Prints {@code "liverseg <command>: <message>"} and returns {@link #INPUT_ERROR}. */
  public static int report(String command, Throwable t, PrintWriter err) {
    err.println("liverseg " + command + ": " + message(t));
    if (Boolean.getBoolean("liverseg.stacktrace")) {
      t.printStackTrace(err);
    }
    err.flush();
    return INPUT_ERROR;
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
