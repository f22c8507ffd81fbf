package io.imagepipe.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagepipe.config.Config;
import io.imagepipe.config.ConfigLoader;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Workers and memory limits follow the function's memory setting, and the function's own variables win. */
class FunctionMemoryTest {

    private static Config configFor(int mb, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("IMAGEPIPE_QUEUE_URL", FunctionEnvironment.NO_QUEUE);
        return new ConfigLoader(all, FunctionMemory.of(Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                Integer.toString(mb))).configDefaults()).load();
    }

    @Test
    void oneVcpuPer1769MegabytesUpToSix() {
        assertThat(new FunctionMemory(512).vcpus()).isEqualTo(1);
        assertThat(new FunctionMemory(1769).vcpus()).isEqualTo(1);
        assertThat(new FunctionMemory(1770).vcpus()).isEqualTo(2);
        assertThat(new FunctionMemory(3538).vcpus()).isEqualTo(2);
        assertThat(new FunctionMemory(10240).vcpus()).isEqualTo(6);
    }

    @Test
    void aSmallFunctionRefusesSourcesItsBudgetCannotDecode() {
        Config small = configFor(512, Map.of());
        assertThat(small.workers()).isEqualTo(1);
        assertThat(small.maxInflight()).isEqualTo(2);
        // 85% of 512 MB is the heap, half of it the budget: 217 MB at 8 bytes a pixel.
        assertThat(small.pixelBudget()).isEqualTo(217L * 1024 * 1024 / 8);
        assertThat(small.limits().maxSourcePixels()).isEqualTo(small.pixelBudget());
        Config big = configFor(10240, Map.of());
        assertThat(big.workers()).isEqualTo(6);
        assertThat(big.limits().maxSourcePixels()).isEqualTo(50_000_000L);
    }

    @Test
    void theFunctionsOwnVariablesWin() {
        Config config = configFor(1769, Map.of("IMAGEPIPE_WORKERS", "3", "IMAGEPIPE_MAX_SOURCE_PIXELS", "1000000"));
        assertThat(config.workers()).isEqualTo(3);
        assertThat(config.limits().maxSourcePixels()).isEqualTo(1_000_000L);
    }

    @Test
    void aMemorySettingThatIsNotANumberIsNamed() {
        assertThatThrownBy(() -> FunctionMemory.of(Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "lots")))
                .hasMessageContaining("AWS_LAMBDA_FUNCTION_MEMORY_SIZE='lots'");
    }
}
