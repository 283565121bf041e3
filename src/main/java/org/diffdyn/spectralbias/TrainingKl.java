package org.diffdyn.spectralbias;

import org.diffdyn.core.Check;

/**
 * KL divergence between the generated Gaussian and the data Gaussian through training (linear-diffusion.md §2.2.11,
 * DERIVED from fact F3). With aligned modes and zero means, KL(N(0, C̃) ‖ N(0, Σ)) = ½ Σ_k [r_k − 1 − ln r_k],
 * r_k = λ̃_k/λ_k. UNSURE: the direction the paper uses (App. C.6 not retrieved); {@link #reverse} gives the other
 * one, ½ Σ_k [1/r_k − 1 + ln r_k]. Both agree to second order in r − 1.
 */
public final class TrainingKl {
    private TrainingKl() {}

    /** KL(generated ‖ data) from ln λ̃_k and λ_k. */
    public static double forward(double[] logGenerated, double[] lambdas) {
        check(logGenerated, lambdas);
        double s = 0;
        for (int k = 0; k < lambdas.length; k++) {
            double lr = logGenerated[k] - Math.log(lambdas[k]);
            s += Math.expm1(lr) - lr;
        }
        return 0.5 * s;
    }

    /** KL(data ‖ generated). */
    public static double reverse(double[] logGenerated, double[] lambdas) {
        check(logGenerated, lambdas);
        double s = 0;
        for (int k = 0; k < lambdas.length; k++) {
            double lr = logGenerated[k] - Math.log(lambdas[k]);
            s += Math.expm1(-lr) + lr;
        }
        return 0.5 * s;
    }

    private static void check(double[] logGenerated, double[] lambdas) {
        Check.allPositive("lambda", lambdas);
        if (logGenerated.length != lambdas.length)
            throw new org.diffdyn.core.ParameterException(
                    "logGenerated", "length " + logGenerated.length, "length d = " + lambdas.length);
    }
}
