package org.liverseg.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs a picocli command in-process and captures its exit code, stdout and stderr. */
record CommandRunner(int exitCode, String out, String err) {

  static CommandRunner run(Object command, String... args) {
    return run(command, null, args);
  }

  /**
   * Runs {@code command} with {@code paths} converting its {@link Path} arguments (null: picocli's
   * default), e.g. {@link FullDisk#converter()}.
   */
  static CommandRunner run(Object command, CommandLine.ITypeConverter<Path> paths, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(command);
    if (paths != null) {
      cl.registerConverter(Path.class, paths);
    }
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new CommandRunner(code, out.toString(), err.toString());
  }

  /** Stderr has exactly one non-empty line. */
  boolean oneErrorLine() {
    return err.strip().lines().count() == 1;
  }
}
