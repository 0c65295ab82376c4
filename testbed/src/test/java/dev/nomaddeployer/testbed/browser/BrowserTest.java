package dev.nomaddeployer.testbed.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The harness against a tiny static site served by the JDK's HTTP server: one browser for the class. */
@Timeout(60)
class BrowserTest {
    private static final String STRICT_POLICY = "default-src 'none'; script-src 'self'; img-src 'self'";
    static HttpServer site;
    static URI origin;
    static Browser browser;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        ChromiumInstallation chromium = ChromiumInstallation.assumeInstalled();
        site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        int port = site.getAddress().getPort();
        origin = URI.create("http://127.0.0.1:" + port);
        site.createContext("/", exchange -> {
            switch (exchange.getRequestURI().getPath()) {
                case "/" -> html(exchange, STRICT_POLICY, "<p id=out>waiting</p><script src=/late.js></script>");
                case "/late.js" -> answer(exchange, "text/javascript", null,
                        "setTimeout(() => { document.getElementById('out').textContent = 'written late'; }, 300);");
                case "/inline" -> html(exchange, STRICT_POLICY, "<p id=out>inline</p><script>document.title = 'ran';</script>");
                // another origin for the browser (localhost is not 127.0.0.1), though the same server answers
                case "/elsewhere" -> html(exchange, null, "<p id=out>elsewhere</p><img alt=pixel src=http://localhost:" + port + "/pixel.svg>");
                case "/pixel.svg" -> answer(exchange, "image/svg+xml", null, "<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/>");
                default -> answer(exchange, "text/plain", null, "none", 404);
            }
        });
        site.start();
        browser = Browser.start(chromium, Viewport.DESKTOP);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (site != null) {
            site.stop(0);
        }
    }

    @AfterEach
    void desktopAgain() {
        if (browser != null) {
            browser.viewport(Viewport.DESKTOP);
        }
    }

    @Test
    void waitsForWhatAScriptWritesAfterThePageLoaded() {
        browser.open(origin.resolve("/"));

        assertThat(browser.element(By.id("out")).getText()).isEqualTo("waiting");
        assertThat(browser.until(ExpectedConditions.textToBe(By.id("out"), "written late"))).isTrue();
    }

    @Test
    void aWaitThatNeverHoldsFailsAfterItsTimeOut() {
        browser.open(origin.resolve("/"));

        assertThatThrownBy(() -> browser.until(Duration.ofMillis(300), ExpectedConditions.presenceOfElementLocated(By.id("never"))))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining(origin.toString());
    }

    @Test
    void screenshotsShowTheDesktopOrThePhoneViewport() throws IOException {
        browser.open(origin.resolve("/"));
        BufferedImage desktop = ImageIO.read(browser.screenshot(dir.resolve("shots/desktop.png")).toFile());

        browser.viewport(Viewport.PHONE);
        BufferedImage phone = ImageIO.read(browser.screenshot(dir.resolve("shots/phone.png")).toFile());

        assertThat(new int[] {desktop.getWidth(), desktop.getHeight()}).containsExactly(1280, 800);
        assertThat(new int[] {phone.getWidth(), phone.getHeight()}).containsExactly(390, 844);
        assertThat(browser.script("return window.innerWidth")).isEqualTo(390L);
    }

    @Test
    void aRequestToAnotherOriginIsSeen() {
        browser.open(origin.resolve("/elsewhere"));
        browser.element(By.id("out"));

        String pixel = "http://localhost:" + origin.getPort() + "/pixel.svg";
        browser.until(driver -> browser.requestsOutside(origin).contains(pixel));
        assertThat(browser.requestsOutside(origin)).contains(pixel);
        assertThat(browser.requests()).contains(origin + "/elsewhere");
        assertThat(browser.requestsOutside(origin)).doesNotContain(origin + "/elsewhere");
    }

    @Test
    void anInlineScriptUnderAStrictPolicyIsAViolationAndAPageThatKeepsThePolicyIsNot() {
        int before = browser.securityPolicyViolations().size();
        browser.open(origin.resolve("/"));
        browser.until(ExpectedConditions.textToBe(By.id("out"), "written late"));
        assertThat(browser.securityPolicyViolations()).hasSize(before);

        browser.open(origin.resolve("/inline"));

        browser.until(driver -> browser.securityPolicyViolations().size() > before);
        assertThat(browser.securityPolicyViolations().get(before)).contains("script-src").contains("blocked inline")
                .contains(origin + "/inline");
        assertThat(browser.driver().getTitle()).isNotEqualTo("ran");
    }

    private static void html(HttpExchange exchange, String policy, String body) throws IOException {
        answer(exchange, "text/html; charset=utf-8", policy, "<!doctype html><html><head><meta name=viewport content='width=device-width'><title>t</title></head><body>" + body + "</body></html>");
    }

    private static void answer(HttpExchange exchange, String type, String policy, String body) throws IOException {
        answer(exchange, type, policy, body, 200);
    }

    private static void answer(HttpExchange exchange, String type, String policy, String body, int status) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        if (policy != null) {
            exchange.getResponseHeaders().set("Content-Security-Policy", policy);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
