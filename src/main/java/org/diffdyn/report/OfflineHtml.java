package org.diffdyn.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.diffdyn.jupyter.PlotlyHtml;

/**
 * Makes nbconvert's HTML export of a diffdyn notebook a single self-contained file that loads nothing from the
 * network, renders LaTeX and draws every figure with one copy of plotly.js.
 *
 * <ul>
 *   <li>The template {@code offline.html.j2} (nbconvert's lab template minus require.js, the CDN MathJax and the
 *       widget manager) leaves a marker in the head; {@link #process} replaces it with the assets below.</li>
 *   <li><b>plotly.js once.</b> Every figure output of the notebook carries its own gzip+base64 copy of plotly.js
 *       (so a notebook's figures survive clearing other outputs, see {@code kernel/offline-plots.md}). Here the
 *       copies are emptied and one copy goes into the head, where a script decodes it and leaves the page-wide
 *       promise {@code window.__diffdynPlotly} that every figure's loader uses first.</li>
 *   <li><b>MathJax 3</b> ({@value #MATHJAX_VERSION}, {@code tex-svg-full.js} from the WebJar
 *       {@code org.webjars.npm:mathjax} on Maven Central) is embedded the same way, gzip+base64, about 0.96 MB.
 *       The SVG output needs no font files and the "full" bundle holds every TeX extension, so nothing is ever
 *       fetched; {@code $…$}, {@code \(…\)}, {@code $$…$$} and {@code \[…\]} are typeset.</li>
 * </ul>
 * The result opens from any folder on any machine: nothing is referenced by path or URL.
 */
public final class OfflineHtml {
    private OfflineHtml() {}

    public static final String MATHJAX_VERSION = "3.2.2";
    static final String MARKER = "<!-- diffdyn:offline-assets -->";
    static final String MATHJAX_RESOURCE = "/org/diffdyn/report/mathjax/tex-svg-full.js";
    static final String PLOTLY_ID = "diffdyn_report_plotly";
    static final String MATHJAX_ID = "diffdyn_report_mathjax";

    private static final Pattern PLOTLY_COPY =
            Pattern.compile("(<script type=\"application/x-diffdyn-plotly\"[^>]*>)([^<]*)(</script>)");
    private static volatile String mathjax;

    /** What {@link #process} did: the number of plotly.js copies removed from outputs, and the resulting text. */
    public record Result(String html, int plotlyCopies) {}

    /** The offline, deduplicated report from nbconvert's output of {@code offline.html.j2}. */
    public static Result process(String html) {
        int marker = html.indexOf(MARKER);
        if (marker < 0)
            throw new IllegalArgumentException(
                    "not an export of the diffdyn report template: the marker " + MARKER + " is missing");
        Matcher m = PLOTLY_COPY.matcher(html);
        StringBuilder body = new StringBuilder(html.length());
        String library = null;
        int copies = 0;
        while (m.find()) {
            String payload = m.group(2).strip();
            if (payload.isEmpty()) {
                m.appendReplacement(body, Matcher.quoteReplacement(m.group()));
                continue;
            }
            if (library == null) library = payload;
            else if (!library.equals(payload)) { // another plotly version: leave that output as it is
                m.appendReplacement(body, Matcher.quoteReplacement(m.group()));
                continue;
            }
            copies++;
            m.appendReplacement(body, Matcher.quoteReplacement(m.group(1) + m.group(3)));
        }
        m.appendTail(body);
        String out = compactStyles(body.toString());
        marker = out.indexOf(MARKER);
        return new Result(out.substring(0, marker) + head(library) + out.substring(marker + MARKER.length()), copies);
    }

    private static final Pattern STYLE = Pattern.compile("(?s)(<style[^>]*>)(.*?)(</style>)");
    private static final Pattern LAB_CLASS = Pattern.compile("\\.((?:jp|lm|p)-[\\w-]+)");

    /**
     * The template's stylesheets (JupyterLab's, about 0.55 MB) without comments, runs of white space, and rules
     * for JupyterLab's own widgets ({@code .jp-…}, {@code .lm-…}, {@code .p-…} classes) that no element of this
     * document has; scripts never create those classes (plotly and MathJax bring their own styles).
     */
    static String compactStyles(String html) {
        java.util.Set<String> present = new java.util.HashSet<>();
        Matcher words = Pattern.compile("[\\w-]+").matcher(STYLE.matcher(html).replaceAll(""));
        while (words.find()) present.add(words.group());
        Matcher m = STYLE.matcher(html);
        StringBuilder sb = new StringBuilder(html.length());
        while (m.find()) {
            String css = m.group(2).replaceAll("(?s)/\\*.*?\\*/", "");
            css = purge(css, present).replaceAll("\\s+", " ").replaceAll("\\s*([{};])\\s*", "$1");
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + css + m.group(3)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Drops style rules none of whose selectors can match (see {@link #compactStyles}); recurses into @media. */
    static String purge(String css, java.util.Set<String> present) {
        StringBuilder out = new StringBuilder(css.length());
        int i = 0, n = css.length();
        while (i < n) {
            int open = css.indexOf('{', i);
            if (open < 0) {
                out.append(css, i, n);
                break;
            }
            int depth = 0, close = open;
            for (; close < n; close++) {
                char c = css.charAt(close);
                if (c == '{') depth++;
                else if (c == '}' && --depth == 0) break;
            }
            String selector = css.substring(i, open);
            String block = css.substring(open + 1, Math.min(close, n));
            String sel = selector.strip();
            if (sel.startsWith("@media") || sel.startsWith("@supports")) {
                out.append(selector).append('{').append(purge(block, present)).append('}');
            } else if (sel.startsWith("@") || matchable(sel, present)) {
                out.append(selector).append('{').append(block).append('}');
            }
            i = close + 1;
        }
        return out.toString();
    }

    private static boolean matchable(String selectors, java.util.Set<String> present) {
        for (String s : selectors.split(",")) {
            Matcher c = LAB_CLASS.matcher(s);
            boolean all = true;
            while (all && c.find()) all = present.contains(c.group(1));
            if (all) return true;
        }
        return false;
    }

    /** The head assets: MathJax configuration and bundle, plotly.js (when a figure needs it), and their loader. */
    static String head(String plotly) {
        StringBuilder sb = new StringBuilder();
        sb.append("<script type=\"application/x-diffdyn-mathjax\" id=\"")
                .append(MATHJAX_ID)
                .append("\" data-mathjax-version=\"")
                .append(MATHJAX_VERSION)
                .append("\" data-encoding=\"gzip+base64\">")
                .append(mathjax())
                .append("</script>\n");
        if (plotly != null)
            sb.append("<script type=\"application/x-diffdyn-plotly\" id=\"")
                    .append(PLOTLY_ID)
                    .append("\" data-plotly-version=\"")
                    .append(PlotlyHtml.PLOTLY_VERSION)
                    .append("\" data-encoding=\"gzip+base64\">")
                    .append(plotly)
                    .append("</script>\n");
        sb.append("<script>\n")
                .append(LOADER.replace("@PLOTLY@", plotly == null ? "" : PLOTLY_ID)
                        .replace("@MATHJAX@", MATHJAX_ID))
                .append("</script>\n");
        return sb.toString();
    }

    /** MathJax's tex-svg-full.js, gzip+base64; computed once. */
    static String mathjax() {
        String s = mathjax;
        if (s == null) {
            synchronized (OfflineHtml.class) {
                if ((s = mathjax) == null) {
                    try (InputStream in = OfflineHtml.class.getResourceAsStream(MATHJAX_RESOURCE)) {
                        if (in == null)
                            throw new IllegalStateException("MathJax missing from the jar: " + MATHJAX_RESOURCE
                                    + " (it is unpacked from org.webjars.npm:mathjax by 'mvn generate-resources')");
                        mathjax = s = PlotlyHtml.gzipBase64(in.readAllBytes());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return s;
    }

    /** Every http(s) URL the page would load: script/img/iframe src, link href, CSS url() and @import. */
    public static List<String> networkReferences(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(
                        "(?i)<(?:script|img|iframe|link|source|embed|audio|video)\\b[^>]*?\\b(?:src|href)\\s*=\\s*[\"']?((?:https?:)?//[^\"'\\s>]+)")
                .matcher(html);
        while (m.find()) out.add(m.group(1));
        Matcher css = Pattern.compile("(?i)(?:url\\(\\s*[\"']?|@import\\s+[\"']?)((?:https?:)?//[^\"')\\s]+)")
                .matcher(html);
        while (css.find()) out.add(css.group(1));
        return out;
    }

    /**
     * Decodes the embedded assets: MathJax first configured (inline {@code $…$} as in Jupyter, no menu, no
     * assistive extensions that would load anything), then run; plotly.js decoded into the page-wide promise the
     * figure loaders wait on. Each runs with {@code define}, {@code module} and {@code exports} hidden.
     */
    static final String LOADER = String.join(
            "\n",
            "(function(){",
            "var w=window;",
            "function decode(id){",
            " var el=document.getElementById(id);",
            " if(!el)return Promise.reject(new Error(id+' not found'));",
            " if(typeof DecompressionStream==='undefined')return Promise.reject(new Error('this browser cannot decompress the embedded scripts (DecompressionStream)'));",
            " var bin=atob(el.textContent.replace(/\\s+/g,'')),bytes=new Uint8Array(bin.length);",
            " for(var i=0;i<bin.length;i++)bytes[i]=bin.charCodeAt(i);",
            " return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();",
            "}",
            "function run(src){(new Function('define','module','exports',src)).call(w);}",
            "w.MathJax={",
            " tex:{inlineMath:[['$','$'],['\\\\(','\\\\)']],displayMath:[['$$','$$'],['\\\\[','\\\\]']],processEscapes:true,processEnvironments:true,tags:'ams'},",
            " svg:{fontCache:'global'},",
            " options:{enableMenu:false,ignoreHtmlClass:'tex2jax_ignore',processHtmlClass:'tex2jax_process'},",
            " startup:{typeset:true}",
            "};",
            "w.__diffdynMathJax=decode('@MATHJAX@').then(run).catch(function(e){console.error('MathJax: '+e.message);});",
            "if('@PLOTLY@'){",
            " var p=decode('@PLOTLY@').then(function(src){",
            "  var prev=w.Plotly;run(src);var ours=w.Plotly;",
            "  if(prev&&prev!==ours)w.Plotly=prev;",
            "  if(!ours||typeof ours.newPlot!=='function')throw new Error('embedded plotly.js did not initialise');",
            "  return ours;",
            " });",
            " w.__diffdynPlotly=p;",
            "}",
            "})();",
            "");
}
