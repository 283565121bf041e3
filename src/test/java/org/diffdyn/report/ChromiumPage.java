package org.diffdyn.report;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loads a local HTML file in headless Chromium with every network path closed (DNS mapped to nothing, a proxy that
 * refuses, QUIC off) and watches it through the DevTools protocol (a WebSocket on 127.0.0.1): every request the page
 * makes, every failed request, uncaught exceptions and console errors. Then reads the rendered page's state.
 */
public final class ChromiumPage {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    /** What the page did and how it ended up. */
    public record Outcome(List<String> requests, List<String> failed, List<String> errors, JsonObject state) {
        /** Requests to anything but the file itself and inline data. */
        public List<String> networkRequests() {
            List<String> out = new ArrayList<>();
            for (String u : requests)
                if (!(u.startsWith("file:")
                        || u.startsWith("data:")
                        || u.startsWith("blob:")
                        || u.startsWith("about:"))) out.add(u);
            return out;
        }
    }

    /**
     * Renders {@code html}, waits until MathJax has typeset and every diffdyn figure drew (or {@code timeout}), and
     * returns counts: {@code figures} (diffdyn figure divs), {@code drawn} (of them holding plotly's main-svg),
     * {@code math} (MathJax containers), {@code rawMath} (text of markdown cells still looking like $…$ or \(…\)),
     * {@code unavailable} (figures that wrote an error instead of drawing).
     */
    public static Outcome render(Path html, Path workDir, Duration timeout) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(workDir, "chromium-profile");
        List<String> cmd = List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--proxy-server=127.0.0.1:9",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--user-data-dir=" + profile,
                "about:blank");
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("chromium.log").toFile())
                .start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2)) {
                if (System.nanoTime() > until || !p.isAlive())
                    throw new AssertionError("chromium did not open DevTools; see " + workDir.resolve("chromium.log"));
                Thread.sleep(100);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
            HttpClient http = HttpClient.newBuilder()
                    .proxy(java.net.ProxySelector.of(null))
                    .build();
            String list = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            String ws = null;
            for (var e : JsonParser.parseString(list).getAsJsonArray()) {
                JsonObject t = e.getAsJsonObject();
                if ("page".equals(t.get("type").getAsString())) {
                    ws = t.get("webSocketDebuggerUrl").getAsString();
                    break;
                }
            }
            if (ws == null) throw new AssertionError("no page target in " + list);
            try (Cdp cdp = new Cdp(http, ws)) {
                cdp.call("Network.enable", "{}");
                cdp.call("Runtime.enable", "{}");
                cdp.call("Page.enable", "{}");
                cdp.call(
                        "Page.navigate",
                        "{\"url\":"
                                + new com.google.gson.JsonPrimitive(html.toUri().toString()) + "}");
                String probe = String.join(
                        "\n",
                        "(async () => {",
                        " const until = Date.now() + " + timeout.toMillis() + ";",
                        " const state = () => {",
                        "  const figs = [...document.querySelectorAll('.diffdyn-figure')];",
                        "  const md = [...document.querySelectorAll('.jp-RenderedMarkdown, .jp-RenderedHTMLCommon')].map(e => {",
                        "   const c = e.cloneNode(true); c.querySelectorAll('mjx-container, pre, code').forEach(x => x.remove()); return c.textContent; });",
                        "  const raw = md.join('\\n').match(/\\$[^$\\n]+\\$|\\\\\\(|\\\\\\[/g) || [];",
                        "  return {figures: figs.length, drawn: figs.filter(f => f.querySelector('.main-svg')).length,",
                        "   unavailable: figs.filter(f => /unavailable/.test(f.textContent)).length,",
                        "   math: document.querySelectorAll('mjx-container').length, mathErrors: document.querySelectorAll('mjx-merror').length,",
                        "   rawMath: raw.slice(0, 10), readyState: document.readyState, title: document.title};",
                        " };",
                        " while (document.readyState !== 'complete' && Date.now() < until) await new Promise(r => setTimeout(r, 100));",
                        " try { if (window.__diffdynMathJax) await window.__diffdynMathJax;",
                        "       if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise; } catch (e) {}",
                        " let s = state();",
                        " while (s.drawn + s.unavailable < s.figures && Date.now() < until) { await new Promise(r => setTimeout(r, 200)); s = state(); }",
                        " await new Promise(r => setTimeout(r, 300));",
                        " return JSON.stringify(state());",
                        "})()");
                JsonObject r = cdp.call(
                        "Runtime.evaluate",
                        "{\"expression\":" + new com.google.gson.JsonPrimitive(probe)
                                + ",\"awaitPromise\":true,\"returnByValue\":true}");
                JsonObject result = r.getAsJsonObject("result");
                if (result == null || !result.has("value")) throw new AssertionError("page evaluation failed: " + r);
                JsonObject state = JsonParser.parseString(result.get("value").getAsString())
                        .getAsJsonObject();
                try {
                    cdp.call("Browser.close", "{}");
                } catch (RuntimeException ignored) { // closing drops the socket
                }
                return new Outcome(List.copyOf(cdp.requests), List.copyOf(cdp.failed), List.copyOf(cdp.errors), state);
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A minimal DevTools-protocol client: numbered calls with replies, events recorded. */
    private static final class Cdp implements WebSocket.Listener, AutoCloseable {
        final List<String> requests = Collections.synchronizedList(new ArrayList<>());
        final List<String> failed = Collections.synchronizedList(new ArrayList<>());
        final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        private final Map<String, String> urls = new ConcurrentHashMap<>();
        private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        private final StringBuilder frame = new StringBuilder();
        private final WebSocket socket;

        Cdp(HttpClient http, String url) {
            socket =
                    http.newWebSocketBuilder().buildAsync(URI.create(url), this).join();
        }

        JsonObject call(String method, String params) {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonObject> f = new CompletableFuture<>();
            pending.put(id, f);
            socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true)
                    .join();
            JsonObject reply;
            try {
                reply = f.get(180, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError(method + " failed: " + e, e);
            }
            if (reply.has("error")) throw new AssertionError(method + ": " + reply.get("error"));
            return reply.getAsJsonObject("result");
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            frame.append(data);
            if (last) {
                JsonObject m = JsonParser.parseString(frame.toString()).getAsJsonObject();
                frame.setLength(0);
                if (m.has("id")) {
                    CompletableFuture<JsonObject> f = pending.remove(m.get("id").getAsInt());
                    if (f != null) f.complete(m);
                } else {
                    event(m.get("method").getAsString(), m.getAsJsonObject("params"));
                }
            }
            ws.request(1);
            return null;
        }

        private void event(String method, JsonObject p) {
            switch (method) {
                case "Network.requestWillBeSent": {
                    String url = p.getAsJsonObject("request").get("url").getAsString();
                    urls.put(p.get("requestId").getAsString(), url);
                    requests.add(url.length() > 200 ? url.substring(0, 200) + "…" : url);
                    break;
                }
                case "Network.loadingFailed":
                    failed.add(urls.getOrDefault(p.get("requestId").getAsString(), "?") + ": "
                            + p.get("errorText").getAsString());
                    break;
                case "Runtime.exceptionThrown":
                    errors.add("exception: " + p.getAsJsonObject("exceptionDetails"));
                    break;
                case "Runtime.consoleAPICalled":
                    if ("error".equals(p.get("type").getAsString())) errors.add("console.error: " + p.get("args"));
                    break;
                default:
            }
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
