package org.diffdyn.jupyter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.diffdyn.plot.Plots;
import org.diffdyn.plot.SpecFigure;
import tech.tablesaw.plotly.components.Figure;

/**
 * tablesaw-jsplot {@link Figure}s as self-contained, offline HTML.
 *
 * <p>Strategy: every HTML output carries its own copy of plotly.js {@value #PLOTLY_VERSION} (the cartesian bundle
 * shipped in this jar), gzip-compressed and base64-encoded inside a non-executed
 * {@code <script type="application/x-diffdyn-plotly">} element (about 0.6 MB instead of 1.36 MB). A small loader
 * in the same output uses an already loaded plotly.js 2.x ({@code window.Plotly}, or the promise left by an earlier
 * diffdyn output), and otherwise decompresses its own copy with the browser's {@code DecompressionStream} and runs
 * it once per page. So each output draws on its own: in an nbconvert HTML export opened without network, after the
 * notebook is reopened, and after any other output was cleared. No CDN is ever referenced.
 *
 * <p>Why plotly 2.x: tablesaw-jsplot 0.44 writes titles as plain strings, which plotly.js 3+ no longer reads.
 * Div ids are valid JavaScript identifiers because tablesaw declares {@code var target_<divId>}.
 */
public final class PlotlyHtml {
    public static final String PLOTLY_VERSION = "2.35.3";
    static final String RESOURCE = "/org/diffdyn/plot/plotly/plotly-cartesian-" + PLOTLY_VERSION + ".min.js";

    private static final AtomicLong COUNTER = new AtomicLong();
    private static final Pattern SCRIPT = Pattern.compile("(?is)^\\s*<script[^>]*>(.*)</script>\\s*$");
    private static volatile String embeddedLibrary;

    private PlotlyHtml() {}

    /** One figure as an HTML fragment with its own embedded plotly.js copy. */
    public static String figure(Figure figure) {
        return figures(List.of(figure));
    }

    /** Several figures in one HTML fragment sharing one embedded plotly.js copy. */
    public static String figures(List<? extends Figure> figures) {
        String uid = uniqueId();
        String libId = "diffdyn_lib_" + uid;
        StringBuilder sb = new StringBuilder(embeddedLibrary().length() + 4096 * (1 + figures.size()));
        sb.append("<div class=\"diffdyn-plotly\">\n");
        sb.append("<script type=\"application/x-diffdyn-plotly\" id=\"")
                .append(libId)
                .append("\" data-plotly-version=\"")
                .append(PLOTLY_VERSION)
                .append("\" data-encoding=\"gzip+base64\">")
                .append(embeddedLibrary())
                .append("</script>\n");
        for (int i = 0; i < figures.size(); i++) {
            String divId = "diffdyn_fig_" + uid + "_" + i;
            sb.append(div(divId, figures.get(i)));
            sb.append("<script>\n")
                    .append(LOADER)
                    .append("diffdynPlotly('")
                    .append(libId)
                    .append("','")
                    .append(divId)
                    .append("',function(Plotly){\n")
                    .append(figureScript(figures.get(i), divId))
                    .append("\n});\n})();\n</script>\n");
        }
        sb.append("</div>");
        return sb.toString();
    }

    /** A fresh id that is a valid JS identifier fragment (letters, digits, underscore; no hyphen). */
    static String uniqueId() {
        return Long.toString(COUNTER.incrementAndGet(), 36) + "_"
                + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }

    private static String div(String id, Figure figure) {
        int w = 760, h = 480;
        // Spec figures are autosized: they fill the output's width (plotly's responsive mode follows resizes).
        String style = figure instanceof SpecFigure
                ? "min-height:" + h + "px;width:100%"
                : "min-height:" + h + "px;max-width:" + w + "px";
        String title = figure.getLayout() == null || figure.getLayout().getTitle() == null
                ? ""
                : "\u2018" + figure.getLayout().getTitle() + "\u2019 ";
        // Replaced by the plot once the script runs; stays visible where scripts do not run (untrusted notebooks).
        return "<div id=\"" + id + "\" class=\"diffdyn-figure\" style=\"" + style + "\"><span style=\"color:#888\">"
                + "Interactive plot " + TableHtml.escape(title)
                + "\u2014 it draws when JavaScript runs here: trust the "
                + "notebook or re-run the cell (a static SVG of it is in this output's image/svg+xml).</span></div>\n";
    }

    /** The body of tablesaw's drawing script for {@code divId}, safe to embed inside a script element. */
    static String figureScript(Figure figure, String divId) {
        if (figure instanceof SpecFigure) {
            SpecFigure f = (SpecFigure) figure;
            String json = Plots.plotlyJson(f.table(), f.spec()).toString().replaceAll("(?i)</(script)", "<\\\\/$1");
            return "var fig = " + json + ";\nPlotly.newPlot(document.getElementById('" + divId
                    + "'), fig.data, fig.layout, {responsive: true, displaylogo: false});";
        }
        String js = figure.asJavascript(divId);
        Matcher m = SCRIPT.matcher(js);
        if (!m.matches())
            throw new IllegalStateException(
                    "unexpected tablesaw-jsplot output: " + js.substring(0, Math.min(80, js.length())));
        return m.group(1).replaceAll("(?i)</(script)", "<\\\\/$1").strip();
    }

    /** plotly.js, gzip-compressed (level 9) and base64-encoded; computed once. */
    static String embeddedLibrary() {
        String s = embeddedLibrary;
        if (s == null) {
            synchronized (PlotlyHtml.class) {
                s = embeddedLibrary;
                if (s == null) embeddedLibrary = s = gzipBase64(libraryBytes());
            }
        }
        return s;
    }

    static byte[] libraryBytes() {
        try (InputStream in = PlotlyHtml.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("plotly.js resource missing from the jar: " + RESOURCE);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code data} gzip-compressed (level 9) and base64-encoded, as the browser-side loaders decode it. */
    public static String gzipBase64(byte[] data) {
        return Base64.getEncoder().encodeToString(gzip(data));
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(data.length / 2);
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Opens an IIFE defining {@code diffdynPlotly(libId, divId, draw)}: waits until the div is attached to the
     * document (some front ends run output scripts before attaching the output, or attach it only when scrolled
     * into view: polled every 50 ms for 2 s, then every 0.5 s), resolves plotly.js (page-wide promise, an existing
     * plotly 2.x, or this output's embedded copy), then draws; on failure writes the reason into the div. The
     * caller closes the IIFE.
     */
    static final String LOADER = String.join(
            "\n",
            "(function(){",
            "var w=window;",
            "function lib(libId){",
            " if(w.__diffdynPlotly)return w.__diffdynPlotly;",
            " var P=w.Plotly;",
            " if(P&&typeof P.newPlot==='function'&&/^2\\./.test(P.version||''))return Promise.resolve(P);",
            " var el=document.getElementById(libId);",
            " if(!el)return Promise.reject(new Error('embedded plotly.js not found'));",
            " if(typeof DecompressionStream==='undefined')return Promise.reject(new Error('this viewer cannot decompress the embedded plotly.js'));",
            " var bin=atob(el.textContent.replace(/\\s+/g,'')),bytes=new Uint8Array(bin.length);",
            " for(var i=0;i<bin.length;i++)bytes[i]=bin.charCodeAt(i);",
            " var p=new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text().then(function(src){",
            "  var prev=w.Plotly;",
            "  (new Function('define','module','exports',src)).call(w);",
            "  var ours=w.Plotly;",
            "  if(prev&&prev!==ours)w.Plotly=prev;",
            "  if(!ours||typeof ours.newPlot!=='function')throw new Error('embedded plotly.js did not initialise');",
            "  return ours;",
            " });",
            " w.__diffdynPlotly=p;",
            " p.catch(function(){if(w.__diffdynPlotly===p)w.__diffdynPlotly=null;});",
            " return p;",
            "}",
            "function attached(id){",
            " return new Promise(function(ok){(function poll(n){",
            "  if(document.getElementById(id))ok();else setTimeout(function(){poll(n+1);},n<40?50:500);})(0);});",
            "}",
            "function diffdynPlotly(libId,divId,draw){",
            " attached(divId).then(function(){return lib(libId);}).then(function(P){",
            "  var d=document.getElementById(divId);d.innerHTML='';draw(P);",
            " }).catch(function(e){var d=document.getElementById(divId);",
            "  if(d)d.textContent='Interactive plot unavailable: '+(e&&e.message?e.message:e);});",
            "}",
            "");
}
