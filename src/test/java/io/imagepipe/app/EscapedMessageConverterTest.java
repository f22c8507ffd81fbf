package io.imagepipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Text log lines cannot be forged by a key holding a newline, nor repaint a terminal. */
class EscapedMessageConverterTest {
    @Test
    void controlCharactersFromKeysAreWrittenAsEscapes() {
        String forged = "processed s3://uploads/a.jpg\n04:00:00.000 INFO  ImagePipeline - processed s3://uploads/b"
                + "\r\u001b[31mred\u0000\u2028";

        String line = EscapedMessageConverter.escape(forged);

        assertThat(line).doesNotContain("\n", "\r", "\u001b", "\u0000", "\u2028")
                .contains("a.jpg\\u000a04:00").contains("\\u000d\\u001b[31mred\\u0000\\u2028");
    }

    @Test
    void ordinaryTextIsLeftAlone() {
        String text = "processed s3://uploads/ünïcode 猫 😀 100% done";
        assertThat(EscapedMessageConverter.escape(text)).isSameAs(text);
    }
}
