package org.liverseg.io;

import static java.util.Objects.requireNonNull;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that it is either complete or absent under its name: the bytes go to a hidden
 * temporary file in the target's folder ({@code .<name>.<random>.tmp}, same file system, so the
 * rename cannot become a copy), which is then renamed over the target atomically. A crash, a full
 * disk or an exception in the writer never leaves a truncated or empty file under the final name,
 * and the temporary file is deleted when the write fails. Works on any {@link
 * java.nio.file.FileSystem}.
 *
 * <p>An existing target is replaced: deciding whether it may be (see the {@code --overwrite}
 * options of the command line) is the caller's job.
 */
public final class AtomicFiles {

  /** Writes a file's content to a stream. */
  @FunctionalInterface
  public interface Content {
    /** Writes the content to {@code out} (buffered; do not close it). */
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * Writes {@code content} to {@code target} atomically.
   *
   * @throws IOException {@code "cannot write <target>: <reason>"} (e.g. {@code "No space left on
   *     device"}), with the original exception as its cause; the target is left as it was
   */
  public static void write(Path target, Content content) throws IOException {
    requireNonNull(content, "content");
    Path tmp = temporarySibling(target);
    boolean done = false;
    try {
      try (OutputStream out =
          new BufferedOutputStream(
              Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              1 << 16)) {
        content.writeTo(out);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
    } catch (IOException e) {
      throw failure(target, e);
    } finally {
      if (!done) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the write's own failure is the one to report
        }
      }
    }
  }

  /** Writes {@code text} as UTF-8 to {@code target} atomically (see {@link #write}). */
  public static void writeString(Path target, CharSequence text) throws IOException {
    requireNonNull(text, "text");
    write(target, out -> out.write(text.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * A name for a temporary file next to {@code target}, {@code .<name>.<random>.tmp} (not created:
   * create it with {@code CREATE_NEW}).
   *
   * @throws IOException {@code "cannot write <target>: the folder <dir> does not exist"}
   */
  public static Path temporarySibling(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IOException("cannot write " + target + ": the folder " + dir + " does not exist");
    }
    return dir.resolve(
        "."
            + target.getFileName()
            + "."
            + Long.toHexString(ThreadLocalRandom.current().nextLong())
            + ".tmp");
  }

  /** {@code "cannot write <target>: <reason>"}, or {@code e} itself if it already says so. */
  private static IOException failure(Path target, IOException e) {
    String message = e.getMessage();
    if (message != null && message.startsWith("cannot write " + target)) {
      return e;
    }
    String reason;
    if (e instanceof AccessDeniedException) {
      reason = "permission denied";
    } else if (e instanceof FileSystemException f) {
      // its file is the temporary one: say only what went wrong
      reason = f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
    } else {
      reason = message != null ? message : e.getClass().getSimpleName();
    }
    return new IOException("cannot write " + target + ": " + reason, e);
  }
}
