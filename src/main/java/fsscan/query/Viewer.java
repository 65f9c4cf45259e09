package fsscan.query;

import java.util.List;

/**
 * A person who may see part of a scan: the directories in whose subtree they, or one of their
 * unix groups, own at least one file (with those directories' full figures). An administrator is
 * no viewer at all: a scope without one sees everything.
 */
public record Viewer(String name, List<Long> uids, List<Long> gids) {

    public Viewer {
        uids = List.copyOf(uids);
        gids = List.copyOf(gids);
    }

    /** What the visible set depends on (not the name: two names of one uid see the same). */
    public String key() {
        return "u" + uids + "g" + gids;
    }
}
