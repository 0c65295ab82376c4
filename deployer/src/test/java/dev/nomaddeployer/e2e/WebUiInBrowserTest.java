package dev.nomaddeployer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.testbed.browser.Browser;
import dev.nomaddeployer.testbed.browser.ChromiumInstallation;
import dev.nomaddeployer.testbed.browser.Viewport;
import dev.nomaddeployer.testbed.nomad.DeploymentRule;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import dev.nomaddeployer.testbed.registry.ManifestFormat;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The web UI in headless Chromium against the running service, the simulator and a real registry whose
 * notifications reach the service: what an operator sees and does. One service and one browser for the class;
 * every test leaves the browser on pages that asked nothing of another origin and broke no rule of the CSP.
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiInBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOKEN = "operator-token-for-the-browser-test";
    /** Enough watched jobs for the jobs page to need a second page. */
    private static final List<String> TEAMS = List.of("checkout", "search", "billing", "ledger", "mail", "media", "auth");
    private static final List<String> ROLES = List.of("api", "worker", "cron", "gateway", "indexer", "exporter", "sync", "admin");

    @TempDir
    static Path dir;
    static NomadSim nomad;
    static DeployerFixture fixture;
    static HistoryApi api;
    static Browser browser;
    static URI origin;

    @BeforeAll
    static void start() throws Exception {
        ChromiumInstallation chromium = ChromiumInstallation.assumeInstalled();
        nomad = NomadSim.builder().build().start();
        nomad.createNamespace("batch");
        // one failed rollout among the pushes, as an operator would see one
        nomad.deploymentRule(DeploymentRule.failWhen(job -> "3.3.0".equals(
                JobFixtures.group(job, 0).path("Meta").path("API_VERSION").asText(null))));
        fixture = DeployerFixture.start(dir, nomad, List.of("--ui.auth.token=" + TOKEN));
        api = new HistoryApi(fixture.app.address().getPort());
        origin = URI.create("http://127.0.0.1:" + fixture.app.address().getPort());
        String registry = fixture.registryHost();
        nomad.registerJob(image(JobFixtures.web(), registry + "/team/web:${NOMAD_META_VERSION}"));
        nomad.registerJob(image(JobFixtures.api(), registry + "/team/api:${NOMAD_META_API_VERSION}"));
        nomad.registerJob(image(JobFixtures.worker(), registry + "/team/worker:${NOMAD_META_WORKER_VERSION}"));
        for (String team : TEAMS) {
            for (String role : ROLES) {
                ObjectNode job = JobFixtures.web();
                job.put("ID", team + "-" + role).put("Name", team + "-" + role);
                nomad.registerJob(image(job, registry + "/" + team + "/" + role + ":${NOMAD_META_VERSION}"));
            }
        }
        nomad.awaitIdle(WAIT);
        fixture.pusher.push("team/web", "1.6.0", ManifestFormat.OCI, "web 1.6.0");
        fixture.pusher.push("team/worker", "2.4.0", ManifestFormat.OCI, "worker 2.4.0");
        fixture.pusher.push("team/api", "3.3.0", ManifestFormat.OCI, "api 3.3.0");
        rolloutEnded("web", "1.6.0");
        rolloutEnded("worker", "2.4.0");
        rolloutEnded("api", "3.3.0");
        fixture.awaitIdle();
        browser = Browser.start(chromium, Viewport.DESKTOP);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (fixture != null) {
            fixture.close();
        }
        if (nomad != null) {
            nomad.close();
        }
    }

    @AfterEach
    void thePagesStayedInsideTheServiceAndKeptItsPolicy() {
        if (browser == null) {
            return;
        }
        assertThat(browser.requestsOutside(origin)).isEmpty();
        assertThat(browser.securityPolicyViolations()).isEmpty();
    }

    @Test
    @Order(1)
    void aPushAppearsOnTheOverviewWithoutAReload() {
        open("/ui/");
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("state"), "ready"));
        browser.script("window.stillTheSamePage = true");
        By decisions = By.cssSelector("ul#decisions > li[data-job='default/checkout-api']");
        assertThat(browser.driver().findElements(decisions)).isEmpty();

        fixture.pusher.push("checkout/api", "4.2.0", ManifestFormat.OCI, "checkout api 4.2.0");

        WebElement decision = browser.until(WAIT, ExpectedConditions.presenceOfElementLocated(decisions));
        assertThat(decision.getAttribute("data-status")).isEqualTo("registered");
        assertThat(decision.getText()).contains("4.2.0");
        assertThat(browser.script("return window.stillTheSamePage === true")).isEqualTo(true);
        assertThat(browser.driver().findElement(By.cssSelector("ul#decisions > li")).getAttribute("data-job"))
                .as("newest first").isEqualTo("default/checkout-api");
    }

    @Test
    @Order(2)
    void theJobPageShowsTheRolloutsEnd() {
        open("/ui/jobs/default/web");

        assertThat(browser.element(By.id("job-title")).getText()).isEqualTo("default/web");
        browser.until(WAIT, ExpectedConditions.textToBe(By.id("rollout-status"), "rolled_out"));
        assertThat(browser.driver().findElements(By.cssSelector("ol#timeline > li")).stream()
                .map(li -> li.getAttribute("data-kind")).distinct().toList()).contains("push", "decision", "rollout");
    }

    @Test
    @Order(3)
    void pauseThenResumeWorkWithTheTokenAndAreRecordedWithTheOperatorsName() {
        open("/ui/jobs/default/web");
        browser.until(automationIs("active"));
        type(By.id("token"), TOKEN);
        type(By.id("operator"), "alice");

        browser.element(By.id("pause")).click();

        browser.until(automationIs("paused"));
        assertThat(browser.element(By.id("pause-detail")).getText()).startsWith("ui:alice (");
        assertThat(pausedJobs()).containsExactly("default/web");
        assertThat(api.get("/api/v1/jobs/paused").path("paused").path(0).path("paused_by").asText())
                .startsWith("ui:alice (");
        browser.element(By.id("resume")).click();
        browser.until(automationIs("active"));
        assertThat(browser.element(By.id("action-result")).getText()).isEqualTo("resumed");
        assertThat(pausedJobs()).isEmpty();
    }

    @Test
    @Order(4)
    void pauseWithoutTheTokenIsRefusedAndTheJobStaysActive() {
        open("/ui/jobs/default/web");
        browser.until(automationIs("active"));
        type(By.id("token"), "not-the-token");

        browser.element(By.id("pause")).click();

        String answer = browser.until(driver -> {
            String text = driver.findElement(By.id("action-result")).getText();
            return text.matches("(?s)\\d{3}:.*") ? text : null;
        });
        assertThat(answer).startsWith("401:");
        assertThat(browser.element(By.id("paused")).getText()).isEqualTo("active");
        assertThat(pausedJobs()).isEmpty();
    }

    @Test
    @Order(5)
    void theJobsPageSearchesAndPages() {
        open("/ui/jobs");
        By rows = By.cssSelector("table#jobs tbody tr");
        browser.until(ExpectedConditions.numberOfElementsToBeMoreThan(rows, 0));
        List<String> firstPage = jobsShown();
        assertThat(firstPage).hasSizeLessThan(3 + TEAMS.size() * ROLES.size());

        browser.element(By.id("jobs-next")).click();
        browser.until(driver -> !jobsShown().isEmpty() && !jobsShown().equals(firstPage));
        assertThat(jobsShown()).doesNotContainAnyElementsOf(firstPage);
        browser.element(By.id("jobs-prev")).click();
        browser.until(driver -> jobsShown().equals(firstPage));

        type(By.id("jobs-search"), "ledger-");
        browser.element(By.id("jobs-search")).sendKeys(Keys.ENTER);
        browser.until(driver -> jobsShown().size() == ROLES.size());
        assertThat(jobsShown()).allSatisfy(job -> assertThat(job).startsWith("default/ledger-"));
        assertThat(browser.element(By.id("jobs-count")).getText())
                .isEqualTo(ROLES.size() + " matching of " + (3 + TEAMS.size() * ROLES.size()) + " watched jobs");
        browser.element(By.cssSelector("table#jobs tbody tr[data-job='default/ledger-api'] a")).click();
        browser.until(ExpectedConditions.textToBe(By.id("job-title"), "default/ledger-api"));
    }

    @Test
    @Order(6)
    void theHistoryFiltersByStatusAndJob() {
        open("/ui/history");
        By rows = By.cssSelector("table#history tbody tr");
        browser.until(ExpectedConditions.numberOfElementsToBeMoreThan(rows, 2));

        WebElement form = browser.element(By.id("history-filters"));
        new Select(form.findElement(By.name("status"))).selectByVisibleText("registered");
        type(form.findElement(By.name("job")), "api");
        form.findElement(By.name("job")).sendKeys(Keys.ENTER);

        browser.until(driver -> historyShown().equals(List.of("default/api registered")));
        assertThat(browser.element(By.cssSelector("table#history tbody tr")).getText()).contains("team/api:3.3.0");
        assertThat(browser.driver().getCurrentUrl()).contains("status=registered").contains("job=api");
    }

    /**
     * Each page as the README shows it, with the data of the tests before: written to {@code target/ui-screenshots},
     * or where {@code -Dui.screenshots=DIR} says ({@code -Dui.screenshots=$PWD/docs/ui} refreshes the README's).
     */
    @Test
    @Order(7)
    void eachPageCanBeScreenshotAtDesktopAndPhoneSize() throws Exception {
        Path shots = Path.of(System.getProperty("ui.screenshots", "target/ui-screenshots"));

        open("/ui/");
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("state"), "ready"));
        browser.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("ul#decisions > li"), 2));
        List<Path> written = new java.util.ArrayList<>();
        written.add(browser.screenshot(shots.resolve("overview.png")));
        open("/ui/jobs");
        browser.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("table#jobs tbody tr"), 2));
        written.add(browser.screenshot(shots.resolve("jobs.png")));
        open("/ui/jobs/default/api");
        browser.until(WAIT, driver -> List.of("failed", "rolled_back")
                .contains(driver.findElement(By.id("rollout-status")).getText()));
        browser.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("ol#timeline > li"), 2));
        written.add(browser.screenshot(shots.resolve("job.png")));
        open("/ui/history");
        browser.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("table#history tbody tr"), 2));
        written.add(browser.screenshot(shots.resolve("history.png")));
        try {
            browser.viewport(Viewport.PHONE);
            open("/ui/");
            browser.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("ul#decisions > li"), 2));
            assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("the overview fits a phone's width").isEqualTo(true);
            written.add(browser.screenshot(shots.resolve("overview-phone.png")));
        } finally {
            browser.viewport(Viewport.DESKTOP);
        }

        for (Path png : written) {
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
            assertThat(image).as(png.toString()).isNotNull();
        }
    }

    private static void open(String path) {
        browser.open(origin.resolve(path));
    }

    private static void type(By field, String text) {
        type(browser.element(field), text);
    }

    private static void type(WebElement field, String text) {
        field.clear();
        field.sendKeys(text);
    }

    /** Each row as "namespace/job status", read in one script so a re-rendering table cannot go stale under it. */
    @SuppressWarnings("unchecked")
    private static List<String> historyShown() {
        return (List<String>) browser.script("return Array.from(document.querySelectorAll('table#history tbody tr'))"
                + ".map(row => row.dataset.job + ' ' + row.dataset.status)");
    }

    private static ExpectedCondition<Boolean> automationIs(String state) {
        return ExpectedConditions.textToBe(By.id("paused"), state);
    }

    /** The jobs of the table's rows, read in one script so a re-rendering table cannot go stale under it. */
    @SuppressWarnings("unchecked")
    private static List<String> jobsShown() {
        return (List<String>) browser.script("return Array.from(document.querySelectorAll('table#jobs tbody tr'))"
                + ".map(row => row.dataset.job)");
    }

    private static List<String> pausedJobs() {
        JsonNode paused = api.get("/api/v1/jobs/paused").path("paused");
        return StreamSupport.stream(paused.spliterator(), false)
                .map(job -> job.path("namespace").asText() + "/" + job.path("job").asText()).toList();
    }

    private static void rolloutEnded(String job, String tag) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> api.forJob(job).stream()
                .filter(d -> d.path("tag").asText().equals(tag) && d.path("status").asText().equals("registered"))
                .map(d -> d.path("rollout").path("status").asText()).anyMatch(s -> !s.isEmpty() && !s.equals("rolling_out")));
    }

    private static ObjectNode image(ObjectNode job, String image) {
        JobFixtures.setImage(JobFixtures.task(job, 0, 0), image);
        return job;
    }
}
