package io.imagepipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void aggregationsFunctionsAndGroupingLabelsAreNotMetrics() {
        assertThat(PromQl.metricNames("sum by (outcome, pod) (rate(imagepipe_messages_total{outcome=\"rejected\"}[5m]))"))
                .containsExactly("imagepipe_messages_total");
        assertThat(PromQl.metricNames("sum(rate(a_total[1m])) without (instance) / on (job) group_left(x) b"))
                .containsExactly("a_total", "b");
    }

    @Test
    void histogramQuantileOverBucketsNamesTheBucketSeries() {
        assertThat(PromQl.metricNames("histogram_quantile(0.95, sum by (le, stage) "
                + "(rate(imagepipe_stage_seconds_bucket{namespace=~\"$namespace\"}[$__rate_interval])))"))
                .containsExactly("imagepipe_stage_seconds_bucket");
    }

    @Test
    void nameMatcherAndBinaryOperatorsAndVectorLiteralsAreRead() {
        assertThat(PromQl.metricNames("(max({__name__=\"queue_depth\", q=\"x\"}) > 0) and on() "
                + "((sum(increase(done_total[15m])) or on() vector(0)) == 0) unless bool offset_total offset 5m"))
                .containsExactly("queue_depth", "done_total", "offset_total");
    }

    @Test
    void unbalancedExpressionIsAnError() {
        assertThatThrownBy(() -> PromQl.metricNames("sum(rate(x[5m])")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unbalanced");
    }
}
