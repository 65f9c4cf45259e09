package fsscan.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Man pages (roff, section 1) from the same definitions as the help: {@code fsscan.1} and one
 * {@code fsscan-CMD.1} per command. Run by the build: {@code ManPages DIR}.
 */
public final class ManPages {

    private ManPages() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        CommandLine cl = Main.commandLine(Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        write(dir, "fsscan", cl);
        for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
            if (!sub.getValue().getCommandSpec().usageMessage().hidden() && !sub.getKey().equals("help")) {
                write(dir, "fsscan-" + sub.getKey(), sub.getValue());
            }
        }
    }

    private static void write(Path dir, String name, CommandLine cl) throws IOException {
        CommandSpec spec = cl.getCommandSpec();
        StringBuilder m = new StringBuilder();
        m.append(".TH ").append(name.toUpperCase(java.util.Locale.ROOT)).append(" 1 \"\" \"fsscan ")
                .append(fsscan.db.Version.get()).append("\" \"fsscan manual\"\n");
        m.append(".SH NAME\n").append(esc(name)).append(" \\- ")
                .append(esc(String.join(" ", spec.usageMessage().description()).split("\\. ")[0])).append('\n');
        m.append(".SH SYNOPSIS\n").append(esc(cl.getHelp().synopsis(0).strip().replaceAll("\\s+", " "))).append('\n');
        m.append(".SH DESCRIPTION\n").append(esc(String.join(" ", spec.usageMessage().description()))).append('\n');
        if (!spec.positionalParameters().isEmpty() || !spec.options().isEmpty()) {
            m.append(".SH OPTIONS\n");
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            m.append(".TP\n.I ").append(esc(p.paramLabel())).append('\n')
                    .append(esc(String.join(" ", p.description()))).append('\n');
        }
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            m.append(".TP\n.B ").append(esc(String.join(", ", o.names())));
            if (o.arity().max() > 0) {
                m.append(" \\fI").append(esc(o.paramLabel())).append("\\fR");
            }
            String text = String.join(" ", o.description());
            text = text.replace("${DEFAULT-VALUE}", String.valueOf(o.defaultValue()));
            if (o.completionCandidates() != null) {
                text = text.replace("${COMPLETION-CANDIDATES}", String.join(", ", o.completionCandidates()));
            }
            m.append('\n').append(esc(text)).append('\n');
        }
        String[] footer = spec.usageMessage().footer();
        if (footer.length > 0) {
            m.append(".SH NOTES\n.nf\n");
            for (String line : footer) {
                m.append(esc(line)).append('\n');
            }
            m.append(".fi\n");
        }
        m.append(".SH SEE ALSO\n").append(name.equals("fsscan") ? "fsscan-import(1), fsscan-query(1)" : "fsscan(1)").append('\n');
        Files.writeString(dir.resolve(name + ".1"), m.toString(), StandardCharsets.UTF_8);
    }

    /** Text for roff: backslashes doubled, a leading dot or quote made literal. */
    private static String esc(String s) {
        String t = s.replace("\\", "\\e").replace("%%", "%");
        return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
    }
}
