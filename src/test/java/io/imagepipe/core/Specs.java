package io.imagepipe.core;

import java.util.List;

/** Rendition specs in the configuration syntax, as a user writes them. */
final class Specs {
    static final List<RenditionSpec> DEFAULT = parse(RenditionSpecParser.DEFAULT);

    private Specs() {
    }

    static List<RenditionSpec> parse(String text) {
        return new RenditionSpecParser().parse(text);
    }
}
