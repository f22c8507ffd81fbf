package io.imagepipe.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ScenarioBuilder;

/**
 * Simulation 3, a steady open-model ramp: new users (one upload each) arrive at a rate rising to
 * {@code loadtest.usersPerSec} over {@code loadtest.rampSeconds}, then held there for
 * {@code loadtest.holdSeconds}. Arrivals do not wait for the service, so a rate beyond its capacity
 * shows as growing upload-to-ready times. Each user takes the browser flow ({@code loadtest.flow=api},
 * the default) or signed S3 PUTs ({@code loadtest.flow=s3}).
 */
public class RampSimulation extends ImagepipeSimulation {

    @Override
    protected String name() {
        return "ramp-" + settings.flow();
    }

    private final ScenarioBuilder ramp = scenario("open-model ramp (" + settings.flow() + ")")
            .feed(images.feeder(runPrefix))
            .exec(settings.flow().equals("s3") ? flows.directUpload() : flows.browserUpload());

    {
        setUp(ramp.injectOpen(
                        rampUsersPerSec(settings.usersPerSec() / 10).to(settings.usersPerSec()).during(settings.ramp()),
                        constantUsersPerSec(settings.usersPerSec()).during(settings.hold())))
                .protocols(flows.protocol())
                .assertions(assertions());
    }
}
