package io.imagepipe.loadtest;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ScenarioBuilder;

/**
 * Simulation 2, the burst: {@code loadtest.burstImages} SigV4-signed PUTs straight to the source bucket
 * at once, each followed by polling for its manifest. The report shows each image's upload-to-ready
 * time per size and, as {@code burst: all N ready}, the time from the first PUT until every manifest
 * exists; the printed summary adds the throughput over that window (images/s). Needs only S3: works
 * against local mode, and against a cluster's buckets on AWS.
 */
public class BurstSimulation extends ImagepipeSimulation {

    @Override
    protected String name() {
        return "burst";
    }

    private final ScenarioBuilder burst = scenario("burst of signed S3 PUTs")
            .feed(images.feeder(runPrefix))
            .exec(flows.directUpload());

    private final ScenarioBuilder window = scenario("burst window")
            .exec(new RecordBurstWindow(readyLog, settings.burstImages()));

    {
        setUp(burst.injectOpen(atOnceUsers(settings.burstImages()))
                .andThen(window.injectOpen(atOnceUsers(1))))
                .protocols(flows.protocol())
                .assertions(assertions());
    }
}
