package org.diffdyn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.diffdyn.core.data.ImageDataset;
import org.diffdyn.core.data.PrincipalData;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.sampling.EdmHeunSampler;
import org.diffdyn.core.spectra.Covariance;
import org.diffdyn.core.spectra.Spectrum;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class PrincipalDataAndSamplerTest {
    @Test
    void principalDataRecoversASpectrumAndDecorrelates() {
        Spectrum sp = Spectrum.of(5, 2, 1, 0.5, 0.1);
        DMatrixRMaj x = Covariance.randomlyRotated(sp, 3).sample(40_000, new Rng(4));
        PrincipalData pd = PrincipalData.of(x, 3);
        for (int k = 0; k < 3; k++) assertEquals(sp.get(k), pd.spectrum().get(k), 0.03 * sp.get(k));
        DMatrixRMaj s = pd.scores();
        double c01 = 0, v0 = 0;
        for (int i = 0; i < s.numRows; i++) {
            c01 += s.get(i, 0) * s.get(i, 1);
            v0 += s.get(i, 0) * s.get(i, 0);
        }
        assertEquals(0, c01 / s.numRows, 1e-10, "scores are uncorrelated in sample");
        assertEquals(pd.spectrum().get(0), v0 / s.numRows, 1e-9, "score variance = principal variance");
        assertThrows(ParameterException.class, () -> PrincipalData.of(x, 6));
    }

    @Test
    void fashionMnistPrincipalComponents() {
        assumeTrue(ImageDataset.isAvailable(ImageDataset.defaultDirectory()), "Fashion-MNIST not installed");
        PrincipalData pd = PrincipalData.fashionMnist(2000, 20);
        assertEquals(784, pd.axes().numRows);
        assertEquals(20, pd.dimension());
        double top = pd.spectrum().get(0), tenth = pd.spectrum().get(9);
        // natural images: a steeply decaying spectrum
        assertEquals(true, top > 10 * tenth, "top " + top + " vs 10th " + tenth);
    }

    @Test
    void heunSamplerWithTheOptimalDenoiserGeneratesAboutTheDataVariance() {
        // the optimal denoiser of N(0, λ): D = λ/(λ+σ²) x; a fine sampler reproduces λ (up to the final σ_min step)
        double lambda = 0.7;
        EdmHeunSampler s = EdmHeunSampler.karras(new org.diffdyn.core.schedule.EdmSchedule(0.002, 80), 200, 7);
        DMatrixRMaj x = s.sample(
                (z, sigma) -> {
                    DMatrixRMaj o = z.copy();
                    for (int i = 0; i < o.data.length; i++) o.data[i] *= lambda / (lambda + sigma * sigma);
                    return o;
                },
                20_000,
                1,
                new Rng(5),
                null);
        double v = 0;
        for (double d : x.data) v += d * d;
        v /= x.data.length;
        assertEquals(lambda, v, 0.05 * lambda);
        assertEquals(2 * 200 - 1, s.evaluations());
    }
}
