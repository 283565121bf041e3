package org.diffdyn.kernel;

import java.util.List;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;

/** The a6 kernel_info_reply lacks the {@code status} field that protocol 5 requires (and the conformance suite checks). */
final class KernelInfoOkReply extends KernelInfoReply {

    @SuppressWarnings("unused") // serialized by gson
    private final String status = "ok";

    KernelInfoOkReply(
            String protocolVersion,
            String name,
            String version,
            LanguageInfo languageInfo,
            String banner,
            List<HelpLink> helpLinks) {
        super(protocolVersion, name, version, languageInfo, banner, helpLinks);
    }
}
