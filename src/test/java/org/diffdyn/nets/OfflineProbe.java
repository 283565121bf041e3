package org.diffdyn.nets;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.diffdyn.core.progress.Progress;

/**
 * Child-process main of {@link OfflineTest}: records every network destination the JVM tries (all socket and URL
 * connections consult the default {@link ProxySelector} first), loads the engine, runs one training step, then proves
 * the recorder works with one deliberate connection attempt to the loopback. Prints "probe: attempts=N step=S control=C".
 */
public final class OfflineProbe {
    public static void main(String[] args) throws Exception {
        List<URI> attempts = new CopyOnWriteArrayList<>();
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                attempts.add(uri);
                return List.of(Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
        });
        Torch.threads(1);
        float[] data = NetsTest.gaussianData(32, 8, 1);
        long step;
        try (DiffusionNet net = NetsTest.smallMlp(8, 1)) {
            Training.train(net, Objectives.edm(), data, 32, Training.Config.of(1, 16, 1e-3, 1), Progress.NONE, null);
            step = net.step();
        }
        int before = attempts.size();
        System.out.println("probe: destinations " + attempts);
        try {
            HttpURLConnection c = (HttpURLConnection)
                    URI.create("http://127.0.0.1:9/").toURL().openConnection();
            c.setConnectTimeout(500);
            c.connect();
        } catch (IOException expected) {
            // no listener (or no network at all): only the attempt matters
        }
        System.out.println("probe: attempts=" + before + " step=" + step + " control=" + (attempts.size() - before));
    }
}
