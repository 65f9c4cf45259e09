package fsscan.cli;

import fsscan.report.Format;
import fsscan.report.Renderer;
import fsscan.report.Report;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** How and where an answer is written, the same options for every command that answers. */
final class OutputOptions {

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "${COMPLETION-CANDIDATES} (default: table on a terminal, tsv otherwise)")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "write to this file instead of standard output (- for standard output)")
    Path output;

    /** Whether {@code file} is "-", the usual name of standard output. */
    static boolean isStandardOutput(Path file) {
        return file != null && file.toString().equals("-");
    }

    /** The file to write, or null for standard output. */
    private Path file() {
        return isStandardOutput(output) ? null : output;
    }

    Format format() {
        return Format.choose(format, System.console() != null && file() == null);
    }

    /** Renders the report to {@code --output}, or to the command's standard output (tests capture it there). */
    void write(CommandLine.Model.CommandSpec spec, Report report) throws IOException {
        String text = Renderer.render(report, format());
        if (file() != null) {
            Files.writeString(file(), text, StandardCharsets.UTF_8);
        } else {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
        }
    }
}
