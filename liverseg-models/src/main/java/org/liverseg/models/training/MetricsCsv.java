package org.liverseg.models.training;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Listener that appends one CSV row per epoch ({@code epoch,iterations,loss,liver_dice,tumour_dice,seconds,best})
 * and flushes it, so the file is current while training runs. An existing file is appended to (a resumed run
 * continues it); the header is written only to a new or empty file.
 */
public final class MetricsCsv implements TrainingProgressListener, AutoCloseable {

    /** The header line. */
    public static final String HEADER = "epoch,iterations,loss,liver_dice,tumour_dice,seconds,best";

    private final BufferedWriter out;

    /** Opens (creating or appending to) {@code file}. */
    public MetricsCsv(Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        if (fresh) {
            out.write(HEADER);
            out.newLine();
            out.flush();
        }
    }

    @Override
    public void epochDone(EpochReport r) {
        try {
            out.write(String.format(Locale.ROOT, "%d,%d,%.6f,%s,%s,%.3f,%b", r.epoch(), r.iterations(), r.meanLoss(),
                    r.validated() ? String.format(Locale.ROOT, "%.5f", r.liverDice()) : "",
                    r.validated() ? String.format(Locale.ROOT, "%.5f", r.tumourDice()) : "", r.seconds(),
                    r.improved()));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the metrics CSV", e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
