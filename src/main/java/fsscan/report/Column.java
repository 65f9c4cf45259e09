package fsscan.report;

/** A column of an answer: its name (the same in every format's header and JSON key) and its kind. */
public record Column(String name, Kind kind) {

    public static Column text(String name) {
        return new Column(name, Kind.TEXT);
    }

    public static Column of(String name, Kind kind) {
        return new Column(name, kind);
    }
}
