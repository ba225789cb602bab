package org.liverseg.app.cli;

/**
 * Entry point of {@code liverseg.jar} and of the {@code ./liverseg} launcher: runs {@link
 * LiversegCommand} and exits with its exit code (0 success, 1 a file or case failed, 2 command-line
 * usage error).
 */
public final class Main {

  private Main() {}

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(LiversegCommand.commandLine().execute(args));
  }
}
