package fsscan.query;

/** A directory without a parent in its scan: its subtree is {@code id..lastId}, its name its full path. */
public record Root(long id, long lastId, String path) {
}
