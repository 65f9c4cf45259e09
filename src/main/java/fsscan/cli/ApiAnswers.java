package fsscan.cli;

import fsscan.query.Scans;
import fsscan.report.Format;
import fsscan.report.Report;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The web API's questions asked of the commands themselves: the parameters of a request become
 * the command's long options ({@code owner=alice} is {@code --owner=alice}, {@code true} a flag),
 * picocli parses them with the command's own rules and words, and the command's own
 * {@code answer} computes the report. The command line and the API have one copy of each query.
 */
public final class ApiAnswers {

    /** A request that does not parse: the command line's own words, for a 400. */
    public static final class BadRequest extends RuntimeException {
        public BadRequest(String message) {
            super(message);
        }
    }

    /** What a parsed request asks of the server before it is answered: which scans, in which format. */
    public interface Opener {
        /**
         * The scans for the command's scan names ({@code fs} for query and analyze, null meaning
         * all; OLD and NEW for compare), as the requesting user may see them.
         */
        Scans open(List<String> names) throws Exception;
    }

    /** Options the server decides, never a request: where databases are, names, files written. */
    private static final Set<String> SERVER_ONLY = Set.of("--db", "--data-dir", "--postgres", "--passwd", "--group-file",
            "--output", "--archive", "--help", "--version");

    private ApiAnswers() {
    }

    /** A command's options, from the parameters of a request (names without dashes; repeated values kept). */
    static List<String> arguments(CommandLine.Model.CommandSpec spec, Map<String, List<String>> params) {
        List<String> argv = new ArrayList<>();
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            String name = (p.getKey().length() == 1 ? "-" : "--") + p.getKey();
            CommandLine.Model.OptionSpec option = spec.findOption(name);
            for (String value : p.getValue()) {
                if (option != null && (option.type() == boolean.class || option.type() == Boolean.class)) {
                    if (value.equals("true") || value.isEmpty()) {
                        argv.add(name);
                    } else if (!value.equals("false")) {
                        throw new BadRequest(p.getKey() + " is a flag: true or false, not '" + value + "'");
                    }
                } else {
                    // One token: a value that starts with a dash is still this option's value.
                    argv.add(name + "=" + value);
                }
            }
        }
        return argv;
    }

    /** The report and the format it is rendered in. */
    public record Answer(Report report, Format format) {
    }

    /**
     * Answers {@code query}, {@code analyze} or {@code compare} with these parameters ({@code fs},
     * and {@code old} and {@code new} for compare, taken out by the caller and given as
     * {@code names}). Notes a person would read on stderr are dropped.
     */
    public static Answer answer(String command, Map<String, List<String>> params, List<String> names, Opener opener)
            throws Exception {
        Map<String, List<String>> options = new LinkedHashMap<>(params);
        Format format = Format.JSON;
        List<String> asked = options.remove("format");
        if (asked != null) {
            try {
                format = Format.valueOf(asked.get(asked.size() - 1).toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadRequest("format: json, csv, tsv or table, not '" + asked.get(asked.size() - 1) + "'");
            }
        }
        Object cmd = switch (command) {
            case "query" -> new QueryCommand();
            case "analyze" -> new AnalyzeCommand();
            case "compare" -> new CompareCommand();
            default -> throw new BadRequest("no command " + command);
        };
        CommandLine cl = new CommandLine(cmd);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // Every value is joined to its option (--name=VALUE): a value that starts with a dash is a value.
        cl.setAllowOptionsAsOptionParameters(true);
        List<String> argv = arguments(cl.getCommandSpec(), options);
        if (command.equals("compare")) {
            argv.add("--");
            argv.addAll(names);
        }
        CommandLine.ParseResult parsed;
        try {
            parsed = cl.parseArgs(argv.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new BadRequest(message(e));
        }
        for (CommandLine.Model.OptionSpec o : parsed.matchedOptions()) {
            if (SERVER_ONLY.contains(o.longestName())) {
                throw new BadRequest(o.longestName().substring(2) + " is not a parameter of the API: the server chooses"
                        + " its databases, names and files");
            }
        }
        PrintWriter notes = new PrintWriter(new StringWriter());
        try (Scans scans = opener.open(names)) {
            Report report = switch (command) {
                case "query" -> ((QueryCommand) cmd).answer(scans, notes, format);
                case "analyze" -> ((AnalyzeCommand) cmd).answer(scans, notes);
                default -> ((CompareCommand) cmd).answer(scans, notes, format);
            };
            return new Answer(report, format);
        } catch (CommandLine.ParameterException e) {
            throw new BadRequest(message(e));
        }
    }

    private static String message(CommandLine.ParameterException e) {
        return e.getMessage() == null ? "bad request" : e.getMessage().replaceFirst("^Error: ", "");
    }
}
