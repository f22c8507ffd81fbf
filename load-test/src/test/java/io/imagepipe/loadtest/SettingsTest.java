package io.imagepipe.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void defaultsPointAtLocalModeOnItsDefaultPorts() {
        Settings s = Settings.from(Map.of());
        assertThat(s.apiUrl()).hasToString("http://127.0.0.1:8080");
        assertThat(s.s3Endpoint()).hasToString("http://127.0.0.1:9000");
        assertThat(s.s3PathStyle()).isTrue();
        assertThat(s.sourceBucket()).isEqualTo("uploads");
        assertThat(s.outputBucket()).isEqualTo("renditions");
        assertThat(s.megapixels()).containsExactly(1, 4, 12);
        assertThat(s.hasStaticCredentials()).isFalse();
    }

    @Test
    void propertiesOverrideEveryParameter() {
        Settings s = Settings.from(Map.of("loadtest.apiUrl", "https://imagepipe.example.com",
                "loadtest.s3Endpoint", "https://s3.eu-west-1.amazonaws.com", "loadtest.s3PathStyle", "false",
                "loadtest.sizes", "4, 12", "loadtest.usersPerSec", "2.5", "loadtest.holdSeconds", "600",
                "loadtest.flow", "s3", "loadtest.accessKey", "AKIA", "loadtest.secretKey", "secret"));
        assertThat(s.apiUrl()).hasToString("https://imagepipe.example.com");
        assertThat(s.s3PathStyle()).isFalse();
        assertThat(s.megapixels()).containsExactly(4, 12);
        assertThat(s.usersPerSec()).isEqualTo(2.5);
        assertThat(s.hold()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.flow()).isEqualTo("s3");
        assertThat(s.hasStaticCredentials()).isTrue();
    }

    @Test
    void everyBadValueIsReportedAtOnceWithItsPropertyName() {
        assertThatThrownBy(() -> Settings.from(Map.of("loadtest.sizes", "1,x", "loadtest.burstImages", "0",
                "loadtest.flow", "ftp", "loadtest.accessKey", "AKIA")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loadtest.sizes=1,x")
                .hasMessageContaining("loadtest.burstImages=0: must be at least 1")
                .hasMessageContaining("loadtest.flow=ftp")
                .hasMessageContaining("loadtest.secretKey: required");
    }

    @Test
    void pollingThatWouldShrinkIsRefused() {
        assertThatThrownBy(() -> Settings.from(Map.of("loadtest.pollIntervalMs", "500", "loadtest.maxPollIntervalMs", "100")))
                .hasMessageContaining("loadtest.maxPollIntervalMs: must be at least loadtest.pollIntervalMs");
        assertThat(Settings.from(Map.of("loadtest.longPollSeconds", "0")).longPoll()).isZero();
    }

    @Test
    void manifestKeyFollowsTheServiceLayoutUnderTheOutputPrefix() {
        assertThat(Settings.from(Map.of()).manifestKey("loadtest/a.jpg")).isEqualTo("manifests/loadtest/a.jpg.json");
        assertThat(Settings.from(Map.of("loadtest.outputPrefix", "out/")).manifestKey("a.jpg"))
                .isEqualTo("out/manifests/a.jpg.json");
        assertThatThrownBy(() -> Settings.from(Map.of("loadtest.outputPrefix", "out")))
                .hasMessageContaining("must end in '/'");
    }

    @Test
    void describeNamesTheTargets() {
        assertThat(Settings.from(Map.of("loadtest.sizes", "1")).describe())
                .contains("http://127.0.0.1:9000").contains("uploads -> renditions").contains(List.of(1).toString());
    }
}
