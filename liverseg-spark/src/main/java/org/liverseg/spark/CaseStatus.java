package org.liverseg.spark;

import java.util.Locale;

/** What happened to a case in a job, as its row's {@code status} column says it. */
public enum CaseStatus {
  /** The case was processed in this run (also when a retried task found its own earlier output). */
  OK,
  /** A complete output made by the same model from the same input was already there; kept. */
  SKIPPED,
  /** The case could not be processed; the row's {@code error} says why, in one line. */
  FAILED;

  /** The column value: {@code ok}, {@code skipped} or {@code failed}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status whose {@link #label()} is {@code label}. */
  public static CaseStatus of(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
