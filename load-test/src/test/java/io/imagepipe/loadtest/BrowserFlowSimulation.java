package io.imagepipe.loadtest;

import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ScenarioBuilder;

/**
 * Simulation 1, the browser flow through the HTTP API: {@code loadtest.users} users arriving evenly
 * over {@code loadtest.rampSeconds}, each doing what the upload page does ({@code POST /api/uploads},
 * PUT to the presigned URL, poll {@code GET /api/images/{key}} until it answers 200). The
 * upload-to-ready time, from the POST to the first 200, is recorded per size class as
 * {@code upload-to-ready <size>} from session timestamps, pauses between polls included.
 */
public class BrowserFlowSimulation extends ImagepipeSimulation {

    @Override
    protected String name() {
        return "browser";
    }

    private final ScenarioBuilder browser = scenario("browser upload flow")
            .feed(images.feeder(runPrefix))
            .exec(flows.browserUpload());

    {
        setUp(browser.injectOpen(rampUsers(settings.users()).during(settings.ramp())))
                .protocols(flows.protocol())
                .assertions(assertions());
    }
}
