package fsscan.pg;

import fsscan.db.ScanReader;

/** The SQL store's dialect for one published scan: its tables in its schema, globs as regular expressions. */
final class PgDialect implements ScanReader.Dialect {

    private final String schema;

    PgDialect(String schema) {
        this.schema = schema;
    }

    @Override
    public String table(String name) {
        return quote(schema) + "." + name;
    }

    @Override
    public String nameMatches(boolean ignoreCase) {
        return ignoreCase ? "d.name ~* ?" : "d.name ~ ?";
    }

    @Override
    public Object globParameter(String glob, boolean ignoreCase) {
        return globToRegex(glob);
    }

    @Override
    public String idIn(String column, boolean negated) {
        return negated ? column + " <> ALL (?::bigint[])" : column + " = ANY (?::bigint[])";
    }

    @Override
    public Object idList(long[] ids) {
        return ScanReader.joined(ids, '{', '}');
    }

    /** A double-quoted identifier. */
    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /**
     * SQLite's GLOB as a whole-string POSIX regular expression: {@code *} any run, {@code ?} one
     * character, {@code [...]} a class ({@code [^...]} its complement, a first {@code ]} literal);
     * everything else literal.
     */
    static String globToRegex(String glob) {
        StringBuilder re = new StringBuilder("^");
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[') {
                int j = i + 1;
                StringBuilder cls = new StringBuilder("[");
                if (j < glob.length() && glob.charAt(j) == '^') {
                    cls.append('^');
                    j++;
                }
                if (j < glob.length() && glob.charAt(j) == ']') {
                    cls.append("\\]");
                    j++;
                }
                while (j < glob.length() && glob.charAt(j) != ']') {
                    char k = glob.charAt(j);
                    cls.append(k == '\\' || k == '[' ? "\\" + k : String.valueOf(k));
                    j++;
                }
                if (j >= glob.length()) {
                    re.append("\\[");
                } else {
                    re.append(cls).append(']');
                    i = j;
                }
            } else if ("\\.^$|()+{}]".indexOf(c) >= 0) {
                re.append('\\').append(c);
            } else {
                re.append(c);
            }
            i++;
        }
        return re.append('$').toString();
    }
}
