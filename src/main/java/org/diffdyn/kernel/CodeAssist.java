package org.diffdyn.kernel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.SourceCodeAnalysis;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;

/**
 * Editing help for the front end: completion, inspection (Shift-Tab) and {@code is_complete}, all from JShell's
 * {@link SourceCodeAnalysis} on the cell with magic lines masked out (offsets stay valid).
 */
final class CodeAssist {

    private static final Pattern MAGIC_PREFIX = Pattern.compile("^\\s*(%%?)([\\w.-]*)$");
    private static final Pattern MAGIC_LINE = Pattern.compile("(?m)^\\s*%.*$");

    private final Supplier<SourceCodeAnalysis> analysis;
    private final MagicsRegistry magics;
    private final MagicParser magicParser;

    CodeAssist(Supplier<SourceCodeAnalysis> analysis, MagicsRegistry magics, MagicParser magicParser) {
        this.analysis = analysis;
        this.magics = magics;
        this.magicParser = magicParser;
    }

    /** Completion: {@code %}/{@code %%} magic names at a line start, else JShell's suggestions (typed first). */
    ReplacementOptions complete(String code, int at) {
        at = Math.max(0, Math.min(at, code.length()));
        int lineStart = code.lastIndexOf('\n', at - 1) + 1;
        Matcher m = MAGIC_PREFIX.matcher(code.substring(lineStart, at));
        if (m.matches()) {
            boolean cell = m.group(1).equals("%%");
            if (cell && code.substring(0, lineStart).isBlank() || !cell) {
                Set<String> names = cell ? magics.getCellMagicNames() : magics.getLineMagicNames();
                List<String> matches = names.stream()
                        .filter(n -> n.startsWith(m.group(2)))
                        .sorted()
                        .map(n -> m.group(1) + n)
                        .collect(Collectors.toList());
                return new ReplacementOptions(matches, lineStart + m.start(1), at);
            }
        }
        String masked = maskMagics(code);
        int start = snippetStart(masked, at);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                analysis.get().completionSuggestions(masked.substring(start, at), at - start, anchor);
        Set<String> typed = new LinkedHashSet<>();
        Set<String> other = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Suggestion s : suggestions) (s.matchesType() ? typed : other).add(s.continuation());
        typed.addAll(other);
        return new ReplacementOptions(new ArrayList<>(typed), start + anchor[0], at);
    }

    /** Inspection: JShell's signatures (and javadoc when {@code extraDetail} and the JDK has sources). */
    DisplayData inspect(String code, int at, boolean extraDetail) {
        at = Math.max(0, Math.min(at, code.length()));
        String masked = maskMagics(code);
        int end = at;
        while (end < masked.length() && Character.isJavaIdentifierPart(masked.charAt(end))) end++;
        int start = snippetStart(masked, at);
        String text0 = masked.substring(start, end);
        List<SourceCodeAnalysis.Documentation> docs = analysis.get().documentation(text0, text0.length(), extraDetail);
        if (docs.isEmpty() && !text0.isEmpty() && Character.isJavaIdentifierPart(text0.charAt(text0.length() - 1))) {
            // JShell documents a method only inside its argument list: "Math.max" -> "Math.max("
            docs = analysis.get().documentation(text0 + "(", text0.length() + 1, extraDetail);
        }
        if (docs.isEmpty()) return null;
        StringBuilder text = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : docs) {
            text.append(d.signature()).append('\n');
            if (d.javadoc() != null && !d.javadoc().isBlank())
                text.append(d.javadoc().strip()).append("\n\n");
        }
        return new DisplayData(text.toString().strip());
    }

    /** {@code is_complete}: complete, invalid, or the indent of the next line when the code continues. */
    String isComplete(String code) {
        if (code.stripLeading().startsWith("%%")) return BaseKernel.IS_COMPLETE_YES;
        String java;
        try {
            java = magicParser.resolveMagics(code);
        } catch (RuntimeException ex) {
            return BaseKernel.IS_COMPLETE_BAD;
        }
        String remaining = java;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.get().analyzeCompletion(remaining);
            switch (info.completeness()) {
                case COMPLETE:
                case COMPLETE_WITH_SEMI:
                    remaining = info.remaining();
                    break;
                case EMPTY:
                    return BaseKernel.IS_COMPLETE_YES;
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return indentFor(code);
                default:
                    return BaseKernel.IS_COMPLETE_BAD;
            }
        }
        return BaseKernel.IS_COMPLETE_YES;
    }

    private static String indentFor(String code) {
        String[] lines = code.split("\n", -1);
        String last = lines[lines.length - 1];
        String indent = last.substring(0, last.length() - last.stripLeading().length());
        String trimmed = last.strip();
        if (trimmed.endsWith("{") || trimmed.endsWith("(") || trimmed.endsWith("->")) indent += "    ";
        return indent;
    }

    /** Replaces magic lines by blanks of the same length so offsets stay valid for JShell's analysis.get(). */
    private static String maskMagics(String code) {
        Matcher m = MAGIC_LINE.matcher(code);
        StringBuilder sb = new StringBuilder(code);
        while (m.find()) {
            for (int i = m.start(); i < m.end(); i++) sb.setCharAt(i, ' ');
        }
        return sb.toString();
    }

    /** The offset where the snippet containing {@code at} begins. */
    private int snippetStart(String code, int at) {
        int start = 0;
        String remaining = code;
        while (start < at) {
            SourceCodeAnalysis.CompletionInfo info = analysis.get().analyzeCompletion(remaining);
            if (info.completeness() != SourceCodeAnalysis.Completeness.COMPLETE
                    && info.completeness() != SourceCodeAnalysis.Completeness.COMPLETE_WITH_SEMI) break;
            int consumed = remaining.length() - info.remaining().length();
            if (consumed <= 0 || start + consumed >= at) break;
            start += consumed;
            remaining = info.remaining();
        }
        return start;
    }
}
