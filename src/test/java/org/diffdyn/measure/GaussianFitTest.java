package org.diffdyn.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffdyn.core.data.DataStats;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.spectra.Covariance;
import org.diffdyn.core.spectra.Spectrum;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** KL of a fitted Gaussian, its finite-sample expectation, and the overlap of leading eigenvectors. */
class GaussianFitTest {

    /** The whitened closed form against the textbook formula with an explicit inverse and determinants (EJML). */
    @Test
    void klMatchesTheTextbookFormula() {
        int d = 6;
        Covariance true_ = Covariance.randomlyRotated(Spectrum.powerLaw(d, 1), 3);
        DMatrixRMaj x = Covariance.randomlyRotated(Spectrum.logNormal(d, 4), 5).sample(40, new Rng(6));
        for (int i = 0; i < x.numRows; i++) x.data[i * d] += 0.3;
        GaussianFit fit = GaussianFit.of(x);
        double[] mu = {0.1, 0, -0.2, 0, 0, 0.05};
        DMatrixRMaj s = true_.matrix(), si = s.copy(), fi = fit.covariance().copy();
        CommonOps_DDRM.invert(si);
        CommonOps_DDRM.invert(fi);
        double[] m = fit.mean();
        double tr = 0, maha = 0, mahaG = 0, trG = 0;
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) {
                tr += si.get(i, j) * fit.covariance().get(j, i);
                trG += fi.get(i, j) * s.get(j, i);
                maha += (m[i] - mu[i]) * si.get(i, j) * (m[j] - mu[j]);
                mahaG += (m[i] - mu[i]) * fi.get(i, j) * (m[j] - mu[j]);
            }
        double ld = Math.log(CommonOps_DDRM.det(s)), lf = Math.log(CommonOps_DDRM.det(fit.covariance()));
        assertEquals(0.5 * (tr + maha - d + ld - lf), fit.klTo(mu, s), 1e-10);
        assertEquals(0.5 * (trG + mahaG - d + lf - ld), fit.klFrom(mu, s), 1e-10);
        // fewer samples than d + 1: singular fit, infinite KL
        assertEquals(
                Double.POSITIVE_INFINITY,
                GaussianFit.of(true_.sample(d, new Rng(1))).klTo(new double[d], s));
    }

    /**
     * Exact samples of the reference law: the mean KL over R independent fits agrees with the derived expectation
     * within 4 standard errors of that mean (SE from the R draws themselves).
     */
    @Test
    void fitsOfExactSamplesHaveTheDerivedExpectedKl() {
        int d = 8, n = 60, r = 400;
        Covariance c = Covariance.randomlyRotated(Spectrum.powerLaw(d, 1.5), 9);
        DMatrixRMaj s = c.matrix();
        Rng rng = new Rng(10);
        double sum = 0, sum2 = 0;
        for (int i = 0; i < r; i++) {
            double kl = GaussianFit.of(c.sample(n, rng)).klTo(new double[d], s);
            sum += kl;
            sum2 += kl * kl;
        }
        double mean = sum / r, se = Math.sqrt((sum2 / r - mean * mean) / (r - 1));
        double expected = GaussianFit.expectedKlOfFit(d, n);
        assertEquals(expected, mean, 4 * se, "mean KL " + mean + " +- " + se);
        // large-n law d(d + 3)/(4n): the next term is O(d³/n²)
        assertEquals(1, GaussianFit.expectedKlOfFit(10, 100_000) / (10.0 * 13 / 400_000), 1e-3);
    }

    @Test
    void overlapOfLeadingEigenvectors() {
        int d = 5;
        DMatrixRMaj a = CommonOps_DDRM.diag(5, 3, 1, 0.5, 0.1);
        assertEquals(1, GaussianFit.topOverlap(a, a, 2).subspace(), 1e-12);
        // rotate the top two axes by θ: per-vector overlaps |cos θ|, the top-2 subspace is unchanged
        double th = 0.3;
        DMatrixRMaj rot = CommonOps_DDRM.identity(d);
        rot.set(0, 0, Math.cos(th));
        rot.set(0, 1, -Math.sin(th));
        rot.set(1, 0, Math.sin(th));
        rot.set(1, 1, Math.cos(th));
        DMatrixRMaj b = new DMatrixRMaj(d, d), tmp = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(rot, a, tmp);
        CommonOps_DDRM.multTransB(tmp, rot, b);
        GaussianFit.Overlap o = GaussianFit.topOverlap(a, b, 2);
        assertEquals(Math.cos(th), o.perVector()[0], 1e-12);
        assertEquals(Math.cos(th), o.perVector()[1], 1e-12);
        assertEquals(1, o.subspace(), 1e-12);
        assertTrue(GaussianFit.topOverlap(a, b, 1).subspace() < 0.95);
        assertEquals(d, DataStats.mean(CommonOps_DDRM.identity(d)).length);
    }
}
