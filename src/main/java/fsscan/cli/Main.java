package fsscan.cli;

import fsscan.pipeline.ImportFailedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Map;

/** {@code fsscan}: the command line. {@code System.exit} is called here and nowhere else. */
@Command(name = "fsscan",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Turns GPFS policy scans into SQLite databases that answer storage questions in milliseconds:"
                + " import a scan, query and analyze it, compare two scans.",
        subcommands = {ImportCommand.class, QueryCommand.class, AnalyzeCommand.class, CompareCommand.class, HistoryCommand.class, DuCommand.class, ExportCommand.class,
            PublishCommand.class, ServeCommand.class,
            GenerateCommand.class, picocli.AutoComplete.GenerateCompletion.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit code of a failed import or an unreadable input. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code of a command line that does not parse (picocli's convention). */
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    final Map<String, String> environment;
    final java.io.InputStream stdin;

    public Main(Map<String, String> environment, java.io.InputStream stdin) {
        this.environment = environment;
        this.stdin = stdin;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: import, query, analyze, compare or generate");
    }

    public static void main(String[] args) {
        // Logging starts with the import's actor system (ImportRunner), not here: setting it up takes a
        // fifth of a second that query, analyze and compare, which log nothing, need not pay.
        PrintWriter out = new PrintWriter(new java.io.BufferedWriter(new java.io.OutputStreamWriter(
                new java.io.FileOutputStream(java.io.FileDescriptor.out), java.nio.charset.StandardCharsets.UTF_8), 1 << 16));
        PrintWriter err = new PrintWriter(System.err, true);
        // Said while there is memory to say it: out of memory, even the message could not be built.
        String outOfMemory = "fsscan: " + fsscan.pipeline.FatalErrors.outOfMemoryAdvice();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof OutOfMemoryError) {
                System.err.println(outOfMemory);
                Runtime.getRuntime().halt(EXIT_FAILURE);
            }
            e.printStackTrace();
        });
        System.exit(execute(commandLine(System.getenv(), out, err), out, err, args));
    }

    /**
     * Runs the command; an answer that could not be written in full (a closed pipe, a full disk) is
     * a failure, said in one line, whatever the command returned.
     */
    public static int execute(CommandLine cl, PrintWriter out, PrintWriter err, String... args) {
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("fsscan: " + fsscan.pipeline.FatalErrors.outOfMemoryAdvice());
            err.flush();
            return EXIT_FAILURE;
        }
        out.flush();
        if (out.checkError()) {
            err.println("fsscan: cannot write the answer to standard output (a closed pipe, or a full disk)");
            err.flush();
            return code == 0 ? EXIT_FAILURE : code;
        }
        return code;
    }

    /** The whole command line, writing to {@code out}/{@code err}, so tests run exactly what users run. */
    public static CommandLine commandLine(Map<String, String> env, PrintWriter out, PrintWriter err) {
        return commandLine(env, System.in, out, err);
    }

    /** The same, reading standard input ({@code import -}) from {@code stdin}. */
    public static CommandLine commandLine(Map<String, String> env, java.io.InputStream stdin, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main(env, stdin));
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // -V on every subcommand says what the top does: the version and the commit.
        for (CommandLine sub : cl.getSubcommands().values()) {
            sub.getCommandSpec().versionProvider(new VersionProvider());
        }
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? EXIT_USAGE : EXIT_FAILURE);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // A person gets one line they can act on; a stack trace only helps for a bug.
            commandLine.getErr().println("fsscan " + commandLine.getCommandName() + ": " + oneLine(ex));
            if (!expected(ex)) {
                ex.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return EXIT_FAILURE;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            // The error and where to read more: the whole usage would push the error off the screen.
            CommandLine c = ex.getCommandLine();
            String message = ex.getMessage() == null ? "" : ex.getMessage().replaceFirst("^Error: ", "");
            c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + message);
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for the options.");
            c.getErr().flush();
            return EXIT_USAGE;
        });
        return cl;
    }

    /** A failure of the user's surroundings or input, said in one line, rather than a bug (with its stack trace). */
    private static boolean expected(Throwable ex) {
        Throwable io = ex instanceof java.io.UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
        return ex instanceof ImportFailedException || ex instanceof UserException || ex instanceof OutOfMemoryError
                || ex instanceof fsscan.query.QueryException
                || ex instanceof com.typesafe.config.ConfigException || io instanceof java.io.IOException
                || ex instanceof java.sql.SQLException;
    }

    /** What went wrong, in one line a person can act on. */
    static String oneLine(Throwable ex) {
        Throwable io = ex instanceof java.io.UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
        if (ex instanceof OutOfMemoryError) {
            return fsscan.pipeline.FatalErrors.outOfMemoryAdvice();
        }
        if (ex instanceof com.typesafe.config.ConfigException) {
            return "the configuration is not valid: " + ex.getMessage();
        }
        if (io instanceof java.io.IOException e) {
            return describe(e);
        }
        if (ex instanceof java.sql.SQLException e) {
            return fsscan.db.SqliteErrors.describe(null, e);
        }
        return ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
    }

    /** An I/O failure as a person reads it: what went wrong with which file. */
    static String describe(java.io.IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException f) {
            return f.getFile() + ": no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException f) {
            return f.getFile() + ": permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getFile() + ": " + f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** An error in what the user asked for (a missing file, no file system name): a message, no stack trace. */
    public static final class UserException extends RuntimeException {
        public UserException(String message) {
            super(message);
        }
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"fsscan " + fsscan.db.Version.get() + " (commit " + fsscan.db.Version.commit() + ")"};
        }
    }
}
