package dev.nomaddeployer.demo;

import java.util.List;

/**
 * The example cluster's story, in one place: what the jobs in {@code demo/jobs.json} run before the demo starts
 * (pushed first, so the registry holds them), then the pushes a newcomer watches, and how each decision ends.
 */
final class DemoScenario {
    /** Job meta value whose versions the simulator never lets turn healthy: the broken release. */
    static final String BROKEN_VERSION = "2.4.0";
    static final String UNHEALTHY_RULE = "VERSION=" + BROKEN_VERSION;

    /** One pushed image, the job it moves (or not) and how the decision ends. */
    record Step(DemoImage image, String namespace, String job, String status, String rollout, String story) {
        Expectation expect(String digest) {
            return new Expectation(namespace, job, image.tag(), digest, status, rollout, story);
        }
    }

    /** The api job follows this image's digest from the start (its TAG_DIGEST). */
    static final Step API_NOW = running(new DemoImage("shop/api", "latest", "api build 41"), "shop", "api");

    /**
     * What the jobs run now. The registry sends their pushes once the service listens, and each is
     * already current: nothing is registered.
     */
    static final List<Step> RUNNING = List.of(
            running(new DemoImage("shop/web", "1.4.0", "web 1.4.0"), "shop", "web"),
            API_NOW,
            running(new DemoImage("payments/worker", "2.3.0", "worker 2.3.0"), "payments", "worker"),
            running(new DemoImage("ops/report", "1.0.0", "report 1.0.0"), "ops", "nightly-report"));

    static final List<Step> STORY = List.of(
            new Step(new DemoImage("shop/web", "1.5.0", "web 1.5.0"), "shop", "web", "registered", "rolled_out",
                    "web moves from 1.4.0 to 1.5.0 and rolls out"),
            new Step(new DemoImage("shop/web", "2.0.0", "web 2.0.0"), "shop", "web", "skipped", null,
                    "web stays on 1.5.0: 2.0.0 is outside its tag policy semver:^1"),
            new Step(new DemoImage("shop/api", "latest", "api build 42"), "shop", "api", "registered", "rolled_out",
                    "api follows latest to its new digest and rolls out"),
            new Step(new DemoImage("payments/worker", BROKEN_VERSION, "worker 2.4.0"), "payments", "worker",
                    "registered", "rolled_back",
                    "worker's canary of 2.4.0 never turns healthy; Nomad rolls back to 2.3.0 (auto_revert)"),
            new Step(new DemoImage("ops/report", "1.1.0", "report 1.1.0"), "ops", "nightly-report", "registered",
                    "no_deployment", "the batch job nightly-report takes 1.1.0 (a batch job has no deployment)"));

    private DemoScenario() {
    }

    private static Step running(DemoImage image, String namespace, String job) {
        return new Step(image, namespace, job, "already_current", null,
                job + " already runs " + image.reference() + ": nothing to register");
    }
}
