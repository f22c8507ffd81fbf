package io.imagepipe.core;

/**
 * Precomputed weights for resampling one axis from {@code sourceLength} to {@code targetLength}
 * samples: output sample {@code i} is the weighted sum of {@code count(i)} source samples from
 * {@code start(i)} on. Weights are fixed point ({@link #ONE} is 1.0) and each output's weights
 * add up to exactly {@link #ONE}, so a flat area stays exactly flat.
 *
 * <p>When reducing, the kernel is stretched by the ratio so that every source sample contributes
 * (an area average, not point sampling). At the edges the kernel is cut off and renormalised.
 */
final class FilterWeights {
    static final int BITS = 14;
    static final int ONE = 1 << BITS;

    private final int[] starts;
    private final int[] counts;
    private final int[] weights;
    private final int stride;

    private FilterWeights(int[] starts, int[] counts, int[] weights, int stride) {
        this.starts = starts;
        this.counts = counts;
        this.weights = weights;
        this.stride = stride;
    }

    static FilterWeights of(ResampleKernel kernel, int sourceLength, int targetLength) {
        return of(kernel, sourceLength, targetLength, 0.0, (double) sourceLength / targetLength);
    }

    /**
     * The general mapping: output sample {@code i}'s centre lies at {@code origin + (i + 0.5) * scale}
     * in source samples, and source samples outside {@code 0..sourceLength-1} are left out (the kernel
     * is renormalised). Planar resizing needs it: a chroma plane's samples need not span exactly the
     * picture (an odd width has a half-covered last chroma sample), and a crop starts between samples.
     */
    static FilterWeights of(ResampleKernel kernel, int sourceLength, int targetLength, double origin, double scale) {
        if (sourceLength <= 0 || targetLength <= 0 || !(scale > 0)) {
            throw new IllegalArgumentException("lengths and scale must be positive: " + sourceLength + " -> "
                    + targetLength + " at " + scale);
        }
        double stretch = Math.max(1.0, scale);
        double support = kernel.support() * stretch;
        int stride = (int) Math.ceil(support) * 2 + 1;
        int[] starts = new int[targetLength];
        int[] counts = new int[targetLength];
        int[] weights = new int[targetLength * stride];
        double[] w = new double[stride];
        for (int i = 0; i < targetLength; i++) {
            double centre = origin + (i + 0.5) * scale;
            int first = Math.max(0, (int) Math.floor(centre - support + 0.5));
            int last = Math.min(sourceLength, (int) Math.floor(centre + support + 0.5));
            int n = Math.min(stride, last - first);
            double sum = 0;
            for (int k = 0; k < n; k++) {
                w[k] = kernel.weight((first + k + 0.5 - centre) / stretch);
                sum += w[k];
            }
            if (n <= 0 || sum == 0) { // only for a centre outside the source; keep the nearest sample
                n = 1;
                first = Math.max(0, Math.min(sourceLength - 1, (int) centre));
                w[0] = 1;
                sum = 1;
            }
            starts[i] = first;
            counts[i] = n;
            toFixedPoint(w, n, sum, weights, i * stride);
        }
        return new FilterWeights(starts, counts, weights, stride);
    }

    /** Rounds the normalised weights and gives the rounding remainder to the largest one, so they sum to ONE. */
    private static void toFixedPoint(double[] w, int n, double sum, int[] out, int offset) {
        int total = 0;
        int largest = 0;
        for (int k = 0; k < n; k++) {
            out[offset + k] = (int) Math.round(w[k] / sum * ONE);
            total += out[offset + k];
            if (w[k] > w[largest]) {
                largest = k;
            }
        }
        out[offset + largest] += ONE - total;
    }

    int start(int i) {
        return starts[i];
    }

    int count(int i) {
        return counts[i];
    }

    /** The weights of output {@code i} are {@code weights()[offset(i)]} to {@code weights()[offset(i) + count(i) - 1]}. */
    int offset(int i) {
        return i * stride;
    }

    int[] weights() {
        return weights;
    }

    int length() {
        return starts.length;
    }
}
