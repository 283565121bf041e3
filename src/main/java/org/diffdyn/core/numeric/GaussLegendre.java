package org.diffdyn.core.numeric;

import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.diffdyn.core.Check;

/**
 * Gauss–Legendre nodes and weights on [−1, 1] (commons-math), cached per order: exact for polynomials of degree
 * ≤ 2n − 1. {@link Quadrature} builds its composite rule on them; code that evaluates an integrand on all nodes at once
 * (e.g. one ODE march per node) uses them directly.
 */
public final class GaussLegendre {
    private static final ConcurrentHashMap<Integer, GaussLegendre> CACHE = new ConcurrentHashMap<>();
    private final double[] nodes;
    private final double[] weights;

    private GaussLegendre(GaussIntegrator rule) {
        nodes = new double[rule.getNumberOfPoints()];
        weights = new double[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = rule.getPoint(i);
            weights[i] = rule.getWeight(i);
        }
    }

    /** The n-point rule (1 ≤ n ≤ 1000), cached. */
    public static GaussLegendre of(int n) {
        Check.inRange("order", n, 1, 1000);
        return CACHE.computeIfAbsent(n, k -> new GaussLegendre(new GaussIntegratorFactory().legendre(k, -1, 1)));
    }

    public int size() {
        return nodes.length;
    }

    public double node(int i) {
        return nodes[i];
    }

    public double weight(int i) {
        return weights[i];
    }
}
