package io.imagepipe.core;

/**
 * Interpolation kernels for {@link FilterWeights}, as functions of the distance in source pixels
 * (when enlarging) or output pixels (when reducing: the weights stretch the kernel by the ratio).
 */
enum ResampleKernel {
    /** Linear interpolation: the cheapest kernel that averages, and the softest. */
    TRIANGLE(1.0) {
        @Override
        double weight(double x) {
            x = Math.abs(x);
            return x < 1.0 ? 1.0 - x : 0.0;
        }
    },
    /** Keys' cubic convolution with a = -0.5 (Catmull-Rom): sharp, slight overshoot, four taps per unit ratio. */
    CATMULL_ROM(2.0) {
        @Override
        double weight(double x) {
            x = Math.abs(x);
            if (x < 1.0) {
                return (1.5 * x - 2.5) * x * x + 1.0;
            }
            if (x < 2.0) {
                return ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0;
            }
            return 0.0;
        }
    },
    /**
     * Keys' cubic convolution with a = -0.75 (OpenCV's bicubic): the taps of Catmull-Rom, a response
     * closer to Lanczos-3's (its negative lobe dips to -0.11, between Catmull-Rom's -0.07 and Lanczos-3's -0.15).
     */
    CUBIC_SHARP(2.0) {
        @Override
        double weight(double x) {
            double a = -0.75;
            x = Math.abs(x);
            if (x < 1.0) {
                return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
            }
            if (x < 2.0) {
                return ((a * x - 5.0 * a) * x + 8.0 * a) * x - 4.0 * a;
            }
            return 0.0;
        }
    },
    /** Windowed sinc with three lobes: the reference the SSIM bar is measured against, and the dearest. */
    LANCZOS3(3.0) {
        @Override
        double weight(double x) {
            x = Math.abs(x);
            if (x < 1e-9) {
                return 1.0;
            }
            if (x >= 3.0) {
                return 0.0;
            }
            double px = Math.PI * x;
            return 3.0 * Math.sin(px) * Math.sin(px / 3.0) / (px * px);
        }
    };

    private final double support;

    ResampleKernel(double support) {
        this.support = support;
    }

    /** Half-width of the kernel at ratio 1. */
    double support() {
        return support;
    }

    abstract double weight(double x);
}
