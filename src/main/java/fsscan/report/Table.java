package fsscan.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of typed values under named columns: the body of an answer. Values are Long, Double,
 * String or null; what a value looks like in each format is its column's {@link Kind}'s business.
 */
public final class Table {

    private final String name;
    private final List<Column> columns;
    private final List<Object[]> rows = new ArrayList<>();

    /** {@code name} is the JSON key of the rows ("directories", "owners", ...). */
    public Table(String name, List<Column> columns) {
        this.name = name;
        this.columns = List.copyOf(columns);
    }

    public Table add(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(values.length + " values for " + columns.size() + " columns");
        }
        rows.add(Arrays.copyOf(values, values.length));
        return this;
    }

    public String name() {
        return name;
    }

    public List<Column> columns() {
        return columns;
    }

    public List<Object[]> rows() {
        return rows;
    }
}
