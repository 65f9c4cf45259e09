package fsscan.testutil;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads an imported database back with plain SQL, for assertions. */
public final class Db {

    private Db() {
    }

    public static List<List<Object>> rows(Path db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            List<List<Object>> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    Object o = rs.getObject(i);
                    // Blobs as hex, so rows compare by content.
                    row.add(o instanceof Integer v ? Long.valueOf(v) : o instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : o);
                }
                out.add(row);
            }
            return out;
        }
    }

    public static Object value(Path db, String sql) throws SQLException {
        return rows(db, sql).get(0).get(0);
    }

    /** Full path of every directory, from parent ids and names. */
    public static Map<Long, String> paths(Path db) throws SQLException {
        Map<Long, String> paths = new HashMap<>();
        for (List<Object> r : rows(db, "SELECT dir_id, parent_id, name FROM directories ORDER BY dir_id")) {
            Long parent = (Long) r.get(1);
            String name = (String) r.get(2);
            String parentPath = parent == null ? null : paths.get(parent);
            paths.put((Long) r.get(0), parent == null ? name : (parentPath.equals("/") ? "/" : parentPath + "/") + name);
        }
        return paths;
    }
}
