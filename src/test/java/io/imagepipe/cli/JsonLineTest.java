package io.imagepipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void awkwardStringsSurviveAJsonParser() throws Exception {
        String name = "dir/\"quoted\" back\\slash\nnew line\ttab\u0001 é 漢";
        JsonLine line = new JsonLine().put("file", name).put("message", (String) null).put("w", 42L).put("ms", 1.25)
                .put("nan", Double.NaN)
                .putArray("renditions", List.of(new JsonLine().put("name", "a"), new JsonLine().put("name", "b")));

        JsonNode parsed = JSON.readTree(line.toString());

        assertThat(parsed.get("file").asText()).isEqualTo(name);
        assertThat(parsed.get("message").isNull()).isTrue();
        assertThat(parsed.get("w").asLong()).isEqualTo(42);
        assertThat(parsed.get("ms").asDouble()).isEqualTo(1.25);
        assertThat(parsed.get("nan").isNull()).isTrue();
        assertThat(parsed.get("renditions").get(1).get("name").asText()).isEqualTo("b");
        assertThat(line.toString()).doesNotContain("\n");
        assertThat(line.has("w")).isTrue();
        assertThat(line.has("error")).isFalse();
    }
}
