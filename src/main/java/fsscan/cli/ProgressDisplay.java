package fsscan.cli;

import fsscan.pipeline.Progress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A live bar (bytes, lines, lines/s, directories, ETA) when stderr is a terminal; a plain line every
 * progress interval otherwise, so a cron log shows the import moving without control characters.
 */
final class ProgressDisplay implements AutoCloseable {

    private final PrintWriter err;
    private final Progress progress;
    private final boolean quiet;
    private final long intervalMillis;
    private final long startNanos = System.nanoTime();
    private final ProgressBar bar;
    private long lastPlainLine = System.currentTimeMillis();

    ProgressDisplay(PrintWriter err, Progress progress, boolean quiet, long intervalMillis) {
        this.err = err;
        this.progress = progress;
        this.quiet = quiet;
        this.intervalMillis = intervalMillis;
        boolean terminal = System.console() != null && !quiet;
        bar = terminal ? new ProgressBarBuilder()
                .setTaskName("import")
                .setInitialMax(progress.totalBytes > 0 ? progress.totalBytes : -1)
                .setUnit(" MiB", 1 << 20)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true)))
                .setUpdateIntervalMillis(250)
                .build() : null;
    }

    void tick() {
        if (quiet) {
            return;
        }
        String status = status();
        if (bar != null) {
            bar.stepTo(progress.bytesRead.get());
            bar.setExtraMessage(status);
        } else if (System.currentTimeMillis() - lastPlainLine >= intervalMillis) {
            lastPlainLine = System.currentTimeMillis();
            err.println("fsscan import: " + fsscan.report.Units.bytes(progress.bytesRead.get())
                    + (progress.totalBytes > 0 ? String.format(Locale.ROOT, " of %s (%.0f%%)",
                    fsscan.report.Units.bytes(progress.totalBytes), 100.0 * progress.bytesRead.get() / progress.totalBytes) : "")
                    + ", " + status + eta());
            err.flush();
        }
    }

    private String status() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long lines = progress.linesMerged.get();
        long toWrite = progress.rowsToWrite.get();
        if (toWrite >= 0) {
            return String.format(Locale.ROOT, "writing directories %s of %s", fsscan.report.Units.compactCount(progress.rowsWritten.get()),
                    fsscan.report.Units.compactCount(toWrite));
        }
        return String.format(Locale.ROOT, "%s lines, %s lines/s, %s directories", fsscan.report.Units.compactCount(lines),
                fsscan.report.Units.compactCount((long) (lines / Math.max(seconds, 1e-3))), fsscan.report.Units.compactCount(progress.directories.get()));
    }

    private String eta() {
        long read = progress.bytesRead.get();
        if (progress.totalBytes <= 0 || read == 0 || progress.rowsToWrite.get() >= 0) {
            return "";
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double left = seconds * (progress.totalBytes - read) / read;
        return String.format(Locale.ROOT, ", about %.0f s left", left);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.stepTo(progress.bytesRead.get());
            bar.close();
        }
    }
}
