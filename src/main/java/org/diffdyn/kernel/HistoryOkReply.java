package org.diffdyn.kernel;

import java.util.List;

import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.messages.reply.HistoryReply;

/** The a6 history_reply lacks the {@code status} field that protocol 5 requires (and the conformance suite checks). */
final class HistoryOkReply extends HistoryReply {

    @SuppressWarnings("unused") // serialized by gson
    private final String status = "ok";

    HistoryOkReply(List<HistoryEntry> history) {
        super(history);
    }
}
