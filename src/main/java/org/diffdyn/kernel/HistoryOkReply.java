package org.diffdyn.kernel;

import java.util.ArrayList;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.reply.HistoryReply;

/**
 * A protocol-5 {@code history_reply}. jjava-jupyter a6's {@link HistoryReply} cannot be sent as is: it lacks the
 * {@code status} field, and the socket's Gson has no adapter for {@link HistoryEntry}, so entries would go out as
 * objects instead of {@code [session, line, input]} / {@code [session, line, [input, output]]} tuples. This reply
 * carries the tuples itself.
 */
final class HistoryOkReply implements ContentType<HistoryOkReply> {

    @SuppressWarnings("unused") // serialized by gson
    private final String status = "ok";

    @SuppressWarnings("unused")
    private final List<List<Object>> history;

    HistoryOkReply(List<HistoryEntry> entries) {
        List<List<Object>> tuples = new ArrayList<>(entries.size());
        for (HistoryEntry e : entries) {
            Object io = e.hasOutput() ? List.of(e.getInput(), e.getOutput()) : e.getInput();
            tuples.add(List.of(e.getSession(), e.getCellNumber(), io));
        }
        this.history = tuples;
    }

    /** The tuples as sent (tests). */
    List<List<Object>> tuples() {
        return history;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public MessageType<HistoryOkReply> getType() {
        return (MessageType) HistoryReply.MESSAGE_TYPE;
    }
}
