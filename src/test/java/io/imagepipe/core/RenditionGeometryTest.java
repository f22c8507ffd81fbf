package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The size arithmetic alone, in display orientation. */
class RenditionGeometryTest {

    @ParameterizedTest(name = "{0} in {1} -> scaled {2}, output {3}")
    @CsvSource({
            "2000x1000, a=800x0:fit,       800x400,   800x400",
            "2000x1000, a=0x500:fit,       1000x500,  1000x500",
            "2000x1000, a=1600x1600:fit,   1600x800,  1600x800",
            "2000x1000, a=300x300:fill,    600x300,   300x300",
            "1000x2000, a=300x300:fill,    300x600,   300x300",
            "2000x1000, a=300x100:fill,    300x150,   300x100",
            "3000x2000, a=800x0:fit,       800x533,   800x533",
            "3000x2000, a=1600x1600:fit,   1600x1067, 1600x1067",
            "1600x1600, a=1600x1600:fit,   1600x1600, 1600x1600",  // exactly the box: untouched
            "200x100,   a=1600x1600:fit,   200x100,   200x100",    // never enlarged
            "200x100,   a=800x0:fit,       200x100,   200x100",
            "200x100,   a=300x300:fill,    200x100,   100x100",    // too small to cover: crop to the box's aspect only
            "400x100,   a=300x300:fill,    400x100,   100x100",
            "1000x250,  a=300x300:fill,    1000x250,  250x250",
            "600x300,   a=300x300:fill,    600x300,   300x300",    // covers at scale 1
            "1x1,       a=300x300:fill,    1x1,       1x1",
            "3000x1,    a=800x0:fit,       800x1,     800x1",      // a side never rounds to 0
            "3000x1,    a=300x300:fill,    3000x1,    1x1",
    })
    void geometry(String source, String spec, String scaled, String output) {
        RenditionGeometry g = RenditionGeometry.of(size(source), Specs.parse(spec).get(0));

        assertThat(g.scaled()).isEqualTo(size(scaled));
        assertThat(g.output()).isEqualTo(size(output));
        assertThat(g.cropped()).isEqualTo(!scaled.equals(output));
    }

    private static Size size(String text) {
        String[] p = text.split("x");
        return new Size(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
    }
}
