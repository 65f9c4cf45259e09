package fsscan.cli;

import fsscan.gen.ScanGenerator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "generate",
        mixinStandardHelpOptions = true,
        description = "Writes a synthetic GPFS policy scan that looks like a real one, the same for the same seed:"
                + " inode order (files before their directories), user and project trees 3 to 30 levels deep,"
                + " heavy-tailed directory sizes, access times over years, small files kept in the inode, symlinks,"
                + " hard links, odd names (spaces, ' -- ', '=', '%%', bytes that are not UTF-8).")
final class GenerateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--lines", required = true, paramLabel = "N", description = "about this many data lines")
    long lines;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--dirty", defaultValue = "0", paramLabel = "RATE",
            description = "fraction of malformed lines mixed in, e.g. 0.001 (default: ${DEFAULT-VALUE})")
    double dirty;

    @Option(names = "--root", defaultValue = "/gpfs/csfs1", paramLabel = "PATH",
            description = "file system mount point (default: ${DEFAULT-VALUE})")
    String root;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "where to write the scan")
    Path output;

    @Option(names = "--order", defaultValue = "window", paramLabel = "ORDER",
            description = "window (lines shuffled inside windows of 20,000, as today) or random (the same lines in a uniformly"
                    + " random order, as after years of churn; default: ${DEFAULT-VALUE})")
    ScanGenerator.Order order;

    @Option(names = "--style", defaultValue = "gpfs", paramLabel = "STYLE",
            description = "gpfs, gpfs-no-thread, gpfs-escaped (ESCAPE '%%' paths) or lustre (lfs find --printf); default: ${DEFAULT-VALUE}")
    String style;

    @Override
    public Integer call() throws Exception {
        if (lines < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--lines must be at least 1");
        }
        if (dirty < 0 || dirty >= 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--dirty must be in [0, 1)");
        }
        ScanGenerator.Style lineStyle;
        try {
            lineStyle = ScanGenerator.Style.valueOf(style.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--style takes gpfs, gpfs-no-thread, gpfs-escaped or lustre, not '" + style + "'");
        }
        ScanGenerator.Stats stats;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 1 << 20)) {
            stats = new ScanGenerator(seed, lines, dirty, root, lineStyle).order(order).write(out);
        }
        spec.commandLine().getOut().printf(Locale.ROOT,
                "wrote %s: %,d lines (%,d files, %,d directories, %,d header, %,d malformed), %s%n",
                output, stats.lines(), stats.files(), stats.directories(), stats.headers(), stats.malformed(),
                fsscan.report.Units.bytes(Files.size(output)));
        return 0;
    }
}
