package org.diffdyn.sweep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Seeds of sweep runs that do not set {@code seed} themselves: a stable hash of the run's parameters, so a run's
 * seed depends only on what it computes, never on the engine, the number of executors or the order of completion.
 */
public final class Seeds {
    private Seeds() {}

    /**
     * The first 63 bits of SHA-256 over the parameters in canonical text form, sorted by key, one
     * {@code key=value\n} line each ({@code seed} itself excluded): a non-negative long.
     */
    public static long derive(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(params).forEach((k, v) -> {
            if (!k.equals("seed")) sb.append(k).append('=').append(v).append('\n');
        });
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) v = (v << 8) | (h[i] & 0xff);
            return v & Long.MAX_VALUE;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
