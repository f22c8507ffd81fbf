package io.imagepipe.core;

/** One 8-bit sample plane (luma or a chroma component), {@code width * height} bytes, rows without padding. */
record Plane(byte[] samples, int width, int height) {
    Plane {
        if (width <= 0 || height <= 0 || samples.length != width * height) {
            throw new IllegalArgumentException(samples.length + " bytes cannot be a " + width + "x" + height + " plane");
        }
    }

    /** A compact copy of the rectangle at ({@code x}, {@code y}). */
    Plane crop(int x, int y, int w, int h) {
        if (x == 0 && y == 0 && w == width && h == height) {
            return this;
        }
        byte[] out = new byte[w * h];
        for (int row = 0; row < h; row++) {
            System.arraycopy(samples, (y + row) * width + x, out, row * w, w);
        }
        return new Plane(out, w, h);
    }
}
