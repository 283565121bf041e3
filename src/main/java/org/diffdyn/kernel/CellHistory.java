package org.diffdyn.kernel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;

/**
 * The cells executed in this kernel session, for Jupyter's {@code history_request} (tail, range and search, as
 * IPython answers them). Kept in memory only: a restarted kernel starts a new, empty history (session 1). Each entry
 * holds the cell as typed, the Java it became after magics were resolved ({@code raw=false}), and the text/plain form of
 * its result (at most {@value #MAX_OUTPUT} characters; "" when there was none).
 */
final class CellHistory implements HistoryManager {

    /** The session number this kernel reports; IPython numbers sessions from 1, 0 means "the current one". */
    static final int SESSION = 1;

    static final int MAX_OUTPUT = 2000;

    private record Cell(int line, String raw, String transformed, String output) {}

    private final List<Cell> cells = new ArrayList<>();

    /** Records an executed cell; {@code transformed} may be null (same as raw), {@code output} null for none. */
    synchronized void add(int executionCount, String raw, String transformed, String output) {
        String out =
                output == null ? "" : output.length() > MAX_OUTPUT ? output.substring(0, MAX_OUTPUT) + "…" : output;
        cells.add(new Cell(executionCount, raw, transformed == null ? raw : transformed, out));
    }

    synchronized int size() {
        return cells.size();
    }

    @Override
    public synchronized List<HistoryEntry> lookupTail(int length, Set<ResultFlag> flags) {
        int n = length <= 0 ? cells.size() : Math.min(length, cells.size());
        return entries(cells.subList(cells.size() - n, cells.size()), flags);
    }

    /**
     * Cells {@code startCell} (inclusive) to {@code endCell} (exclusive) of a session: {@code sessionOffset} 0 or
     * {@link #SESSION} is this one; other sessions are not kept and give an empty list. An end of 0 or less means
     * "to the last cell".
     */
    @Override
    public synchronized List<HistoryEntry> lookupRange(
            int sessionOffset, int startCell, int endCell, Set<ResultFlag> flags) {
        if (sessionOffset != 0 && sessionOffset != SESSION) return List.of();
        List<Cell> hit = new ArrayList<>();
        for (Cell c : cells) {
            if (c.line >= startCell && (endCell <= 0 || c.line < endCell)) hit.add(c);
        }
        return entries(hit, flags);
    }

    /**
     * The last {@code length} cells (all if {@code length} ≤ 0) whose input matches the SQLite-style glob
     * {@code pattern} (as IPython's history search: {@code *}, {@code ?}, {@code [a-z]}, {@code [^…]}, case
     * sensitive, the whole input must match). With {@link ResultFlag#UNIQUE} each distinct input counts once, at its
     * latest occurrence.
     */
    @Override
    public synchronized List<HistoryEntry> search(String pattern, int length, Set<ResultFlag> flags) {
        Pattern p = glob(pattern == null ? "*" : pattern);
        boolean raw = !flags.contains(ResultFlag.TRANSFORMED_INPUT);
        List<Cell> hit = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = cells.size() - 1; i >= 0; i--) {
            Cell c = cells.get(i);
            String input = raw ? c.raw : c.transformed;
            if (!p.matcher(input).matches()) continue;
            if (flags.contains(ResultFlag.UNIQUE) && !seen.add(input)) continue;
            hit.add(0, c);
            if (length > 0 && hit.size() == length) break;
        }
        return entries(hit, flags);
    }

    private static List<HistoryEntry> entries(List<Cell> cells, Set<ResultFlag> flags) {
        boolean raw = !flags.contains(ResultFlag.TRANSFORMED_INPUT);
        boolean output = flags.contains(ResultFlag.INCLUDE_OUTPUT);
        List<HistoryEntry> out = new ArrayList<>(cells.size());
        for (Cell c : cells) {
            out.add(new HistoryEntry(SESSION, c.line, raw ? c.raw : c.transformed, output ? c.output : null));
        }
        return out;
    }

    /** A SQLite GLOB pattern as a regular expression (matching across lines). */
    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                re.append("[\\s\\S]*");
            } else if (c == '?') {
                re.append("[\\s\\S]");
            } else if (c == '[' && glob.indexOf(']', i + 2) > 0) {
                int end = glob.indexOf(']', i + 2); // a ']' right after '[' or '[^' is a member
                String set = glob.substring(i + 1, end);
                boolean negate = set.startsWith("^");
                if (negate) set = set.substring(1);
                re.append(negate ? "[^" : "[");
                for (char m : set.toCharArray()) {
                    if ("\\[]^&".indexOf(m) >= 0) re.append('\\');
                    re.append(m);
                }
                re.append(']');
                i = end;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
