package fsscan.testutil;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures SPEC.md asks for, computed the slow and obvious way (regular expressions, strings,
 * maps, walking every ancestor of every file), independently of the importer's code.
 */
public final class ReferenceScan {

    public static final class Dir {
        public long filesNr, allocNr, logicalNr, dirsNr, filesR, allocR, logicalR, dirsR;
        public Long atimeNr, atimeR;
        public long uid = -1, gid = -1; // -1 none, Long.MIN_VALUE mixed
        public boolean listed, hasFiles, kept;
        /** The directory's own files per uid and per gid: {files, allocated bytes}. */
        public final Map<Long, long[]> ownUids = new HashMap<>();
        public final Map<Long, long[]> ownGids = new HashMap<>();
    }

    public long lines, headers, malformed, files, dirLines;

    /** Every file line: its directory, owner, allocated bytes and access time (null: unknown). */
    public record FileRecord(String dir, long uid, long allocated, Long atime) {
    }

    public final List<FileRecord> fileRecords = new ArrayList<>();
    public final Map<String, Dir> dirs = new TreeMap<>();
    /** Per uid over the whole scan: {files, allocated bytes}. */
    public final Map<Long, long[]> perUid = new HashMap<>();

    private static final Pattern LUSTRE = Pattern.compile("^\\[?0x\\S*[ \\t]+(.*?) -- (.*)$", Pattern.DOTALL);
    private static final Pattern DATA = Pattern.compile(
            "^[ \\t]*(?:<[^>]*>[ \\t]*)?(\\d+)[ \\t]+(\\d+)[ \\t]+(\\d+)[ \\t]+(.*?) -- (.*)$", Pattern.DOTALL);
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final long MIXED = Long.MIN_VALUE;

    public static ReferenceScan of(byte[] scan) {
        ReferenceScan r = new ReferenceScan();
        int start = 0;
        for (int i = 0; i <= scan.length; i++) {
            if (i == scan.length || scan[i] == '\n') {
                if (i > start || i < scan.length) {
                    r.line(new String(scan, start, i - start, StandardCharsets.ISO_8859_1));
                }
                start = i + 1;
            }
        }
        r.rollUp();
        return r;
    }

    private void line(String l) {
        lines++;
        if (l.endsWith("\r")) {
            l = l.substring(0, l.length() - 1);
        }
        String t = l.strip();
        if (t.isEmpty() || (t.startsWith("[") && !t.startsWith("[0x")) || t.startsWith("#")) {
            headers++;
            return;
        }
        Matcher lustre = LUSTRE.matcher(l.stripLeading());
        if (t.startsWith("0x") || t.startsWith("[0x")) {
            lustreLine(lustre);
            return;
        }
        Matcher m = DATA.matcher(l);
        if (!m.matches() || !fits(m.group(1)) || !fits(m.group(2)) || !fits(m.group(3))) {
            malformed++;
            return;
        }
        Map<String, String> f = new HashMap<>();
        String[] tok = m.group(4).trim().split("[ \\t]+");
        Long atime = null;
        for (int i = 0; i < tok.length; i++) {
            int eq = tok[i].indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String k = tok[i].substring(0, eq);
            String v = tok[i].substring(eq + 1);
            if (k.equals("ac")) {
                String time = i + 1 < tok.length ? tok[++i] : "";
                atime = time(v, time);
            } else {
                f.put(k, v);
            }
        }
        if (!f.containsKey("s") || !f.containsKey("u") || !f.containsKey("p") || f.get("p").isEmpty()
                || !number(f.get("s")) || !number(f.get("u")) || (f.containsKey("a") && !number(f.get("a")))
                || (f.containsKey("g") && !number(f.get("g")))) {
            malformed++;
            return;
        }
        byte[] rawPath = m.group(5).getBytes(StandardCharsets.ISO_8859_1);
        if (rawPath.length == 0 || rawPath[0] != '/' || m.group(5).indexOf('\0') >= 0) {
            malformed++;
            return;
        }
        String path = normalize(canonical(rawPath));
        boolean dotComponent = List.of(m.group(5).split("/")).stream().anyMatch(c -> c.equals(".") || c.equals(".."));
        boolean directory = f.get("p").startsWith("d");
        if (dotComponent || (path.equals("/") && !directory)
                || (f.containsKey("a") && new BigInteger(f.get("a")).multiply(BigInteger.valueOf(1024)).compareTo(MAX) > 0)) {
            malformed++;
            return;
        }
        if (f.get("p").startsWith("d")) {
            dirLines++;
            node(path).listed = true;
            return;
        }
        long s = Long.parseLong(f.get("s"));
        long a = f.containsKey("a") ? Long.parseLong(f.get("a")) : 0;
        long alloc = a == 0 && s <= 4096 ? s : a * 1024;
        addFile(path, s, alloc, Long.parseLong(f.get("u")), f.containsKey("g") ? Long.parseLong(f.get("g")) : MIXED, atime);
    }

    private void addFile(String path, long s, long alloc, long uid, long gid, Long atime) {
        files++;
        fileRecords.add(new FileRecord(parent(path), uid, alloc, atime));
        Dir d = node(parent(path));
        d.hasFiles = true;
        d.filesNr++;
        d.allocNr += alloc;
        d.logicalNr += s;
        d.atimeNr = max(d.atimeNr, atime);
        d.uid = owner(d.uid, uid);
        d.gid = owner(d.gid, gid);
        long[] ou = d.ownUids.computeIfAbsent(uid, k -> new long[2]);
        ou[0]++;
        ou[1] += alloc;
        long[] og = d.ownGids.computeIfAbsent(gid == MIXED ? -1 : gid, k -> new long[2]);
        og[0]++;
        og[1] += alloc;
        long[] u = perUid.computeIfAbsent(uid, k -> new long[2]);
        u[0]++;
        u[1] += alloc;
    }

    /** lfs find --printf lines: 512-byte blocks, epoch times, type=d for directories. */
    private void lustreLine(Matcher m) {
        if (!m.matches()) {
            malformed++;
            return;
        }
        Map<String, String> f = new HashMap<>();
        for (String tok : m.group(1).trim().split("[ \\t]+")) {
            int eq = tok.indexOf('=');
            if (eq > 0) {
                f.put(tok.substring(0, eq), tok.substring(eq + 1));
            }
        }
        if (!f.containsKey("s") || !f.containsKey("u") || !f.containsKey("type") || f.get("type").isEmpty()
                || !number(f.get("s")) || !number(f.get("u")) || (f.containsKey("b") && !number(f.get("b")))) {
            malformed++;
            return;
        }
        String path = normalize(canonical(m.group(2).getBytes(StandardCharsets.ISO_8859_1)));
        if (f.get("type").startsWith("d")) {
            dirLines++;
            node(path).listed = true;
            return;
        }
        Long atime = f.containsKey("a") && f.get("a").matches("\\d+(\\.\\d*)?") ? Long.valueOf(f.get("a").split("\\.")[0]) : null;
        addFile(path, Long.parseLong(f.get("s")), f.containsKey("b") ? Long.parseLong(f.get("b")) * 512 : 0,
                Long.parseLong(f.get("u")), f.containsKey("g") ? Long.parseLong(f.get("g")) : MIXED, atime);
    }

    private static boolean fits(String digits) {
        return new BigInteger(digits).compareTo(MAX) <= 0;
    }

    private static boolean number(String v) {
        return v.matches("\\d+") && fits(v);
    }

    private static Long time(String date, String time) {
        try {
            String t = time.replaceFirst("\\.\\d+$", "");
            return LocalDateTime.parse(date + "T" + t).toEpochSecond(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String canonical(byte[] raw) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(raw);
        CharBuffer out = CharBuffer.allocate(raw.length * 4 + 4);
        while (true) {
            CoderResult cr = dec.decode(in, out, true);
            if (cr.isUnderflow()) {
                break;
            }
            if (cr.isError()) {
                for (int i = 0; i < cr.length(); i++) {
                    out.put(String.format("\\x%02X", in.get() & 0xFF));
                }
            }
        }
        dec.flush(out);
        out.flip();
        return out.toString();
    }

    static String normalize(String p) {
        List<String> parts = new ArrayList<>();
        for (String c : p.split("/")) {
            if (!c.isEmpty()) {
                parts.add(c);
            }
        }
        return "/" + String.join("/", parts);
    }

    static String parent(String p) {
        int i = p.lastIndexOf('/');
        return i == 0 ? "/" : p.substring(0, i);
    }

    private Dir node(String path) {
        Dir d = dirs.get(path);
        if (d == null) {
            d = new Dir();
            dirs.put(path, d);
            if (!path.equals("/")) {
                node(parent(path));
            }
        }
        return d;
    }

    private static long owner(long a, long b) {
        if (a == -1) {
            return b;
        }
        if (b == -1) {
            return a;
        }
        return a == b ? a : MIXED;
    }

    private static Long max(Long a, Long b) {
        return a == null ? b : b == null ? a : Long.valueOf(Math.max(a, b));
    }

    private void rollUp() {
        // TreeMap order puts a parent before its children ("/a" < "/a/b"), so kept flows down.
        for (Map.Entry<String, Dir> e : dirs.entrySet()) {
            Dir d = e.getValue();
            boolean parentKept = !e.getKey().equals("/") && dirs.get(parent(e.getKey())).kept;
            d.kept = parentKept || d.listed || d.hasFiles;
        }
        dirs.values().removeIf(d -> !d.kept);
        for (Dir d : dirs.values()) {
            d.filesR = d.filesNr;
            d.allocR = d.allocNr;
            d.logicalR = d.logicalNr;
            d.atimeR = d.atimeNr;
        }
        Map<String, long[]> owners = new HashMap<>();
        for (Map.Entry<String, Dir> e : dirs.entrySet()) {
            owners.put(e.getKey(), new long[] {e.getValue().uid, e.getValue().gid});
        }
        for (Map.Entry<String, Dir> e : dirs.entrySet()) {
            Dir d = e.getValue();
            String p = e.getKey();
            boolean direct = true;
            while (!p.equals("/") && dirs.containsKey(parent(p))) {
                p = parent(p);
                Dir up = dirs.get(p);
                up.filesR += d.filesNr;
                up.allocR += d.allocNr;
                up.logicalR += d.logicalNr;
                up.atimeR = max(up.atimeR, d.atimeNr);
                up.dirsR++;
                if (direct) {
                    up.dirsNr++;
                    direct = false;
                }
                long[] o = owners.get(p);
                o[0] = owner(o[0], d.uid);
                o[1] = owner(o[1], d.gid);
            }
        }
        for (Map.Entry<String, Dir> e : dirs.entrySet()) {
            e.getValue().uid = owners.get(e.getKey())[0];
            e.getValue().gid = owners.get(e.getKey())[1];
        }
    }

    /** The stats row as the database stores it, for comparison: nulls for unknown times and mixed owners. */
    public static List<Object> row(Dir d) {
        List<Object> r = new ArrayList<>();
        r.add(d.filesNr);
        r.add(d.allocNr);
        r.add(d.logicalNr);
        r.add(d.dirsNr);
        r.add(d.atimeNr);
        r.add(d.filesR);
        r.add(d.allocR);
        r.add(d.logicalR);
        r.add(d.dirsR);
        r.add(d.atimeR);
        r.add(d.uid == MIXED ? null : d.uid);
        r.add(d.gid == MIXED ? null : d.gid);
        return r;
    }

    public static byte[] asBytes(String s) {
        try {
            return StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(s)).array();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
