package org.diffdyn.kernel;

import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.ParsedCellMagic;

/**
 * The a6 transpiler ends a cell-magic call with {@code ;{};}, which throws away what the magic returns. Stripping
 * that suffix turns the call into an expression, so the returned object becomes the cell's result (fixed the same
 * way upstream in a7).
 */
final class ValueKeepingTranspiler extends MagicTranspiler {

    static final String DISCARD_SUFFIX = ";{};";

    @Override
    public String transpileCell(ParsedCellMagic magic) {
        return stripDiscard(super.transpileCell(magic));
    }

    static String stripDiscard(String code) {
        String trimmed = code.stripTrailing();
        return trimmed.endsWith(DISCARD_SUFFIX)
                ? trimmed.substring(0, trimmed.length() - DISCARD_SUFFIX.length())
                : code;
    }
}
