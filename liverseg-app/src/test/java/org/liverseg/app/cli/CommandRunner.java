package org.liverseg.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs a picocli command in-process and captures its exit code, stdout and stderr. */
record CommandRunner(int exitCode, String out, String err) {

  static CommandRunner run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(command);
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
