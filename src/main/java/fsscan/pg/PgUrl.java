package fsscan.pg;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A PostgreSQL server as {@code psql} names it: {@code postgresql://user[:password]@host[:port]/database}
 * (also from {@code $FS_SCAN_POSTGRES}); a password not in the URL comes from {@code $PGPASSWORD}, else
 * from {@code ~/.pgpass} (or {@code $PGPASSFILE}), as libpq reads them.
 */
public record PgUrl(String host, int port, String database, String user, String password) {

    /** Parses the URL; a malformed one is an IllegalArgumentException with what is wrong. */
    public static PgUrl parse(String url, Map<String, String> env) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--postgres takes postgresql://user[:password]@host[:port]/database, not '" + url + "'");
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--postgres takes postgresql://user[:password]@host[:port]/database, not '" + url + "'");
        }
        String user = env.getOrDefault("PGUSER", System.getProperty("user.name"));
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        String database = path.isEmpty() ? user : decode(path);
        if (password == null) {
            password = env.get("PGPASSWORD");
        }
        if (password == null) {
            password = fromPgpass(env, uri.getHost(), port, database, user);
        }
        return new PgUrl(uri.getHost(), port, database, user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The first matching line of the password file: host:port:database:user:password, '*' matches anything. */
    static String fromPgpass(Map<String, String> env, String host, int port, String database, String user) {
        String file = env.get("PGPASSFILE");
        Path p = file != null ? Path.of(file) : Path.of(System.getProperty("user.home"), ".pgpass");
        List<String> lines;
        try {
            lines = Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("(?<!\\\\):", 5);
            if (f.length == 5 && matches(f[0], host) && matches(f[1], Integer.toString(port)) && matches(f[2], database)
                    && matches(f[3], user)) {
                return f[4].replace("\\:", ":").replace("\\\\", "\\");
            }
        }
        return null;
    }

    private static boolean matches(String pattern, String value) {
        return pattern.equals("*") || pattern.replace("\\:", ":").replace("\\\\", "\\").equals(value);
    }

    /** Where, as a person names it (never with the password). */
    public String describe() {
        return "PostgreSQL " + user + "@" + host + ":" + port + "/" + database;
    }

    public Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("ApplicationName", "fsscan");
        props.setProperty("connectTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, props);
    }
}
