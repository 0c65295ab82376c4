package dev.nomaddeployer.testbed.browser;

import dev.nomaddeployer.testbed.LogFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven through Debian's chromedriver by Selenium, for tests that look at pages as a user's
 * browser shows them. One instance is meant to serve a whole test class: starting Chromium costs about a second.
 *
 * <p>Every wait is an explicit {@link WebDriverWait} with a time-out (no implicit waits), page loads and scripts
 * have time-outs too, and the browser keeps what it saw: every URL the pages requested (Chromium's performance
 * log) and every Content-Security-Policy violation (a {@code securitypolicyviolation} listener put into each new
 * document before the page's own scripts run).
 *
 * <pre>{@code
 * try (Browser browser = Browser.start(ChromiumInstallation.assumeInstalled(), Viewport.DESKTOP)) {
 *     browser.open(uri);
 *     browser.until(ExpectedConditions.textToBe(By.id("state"), "ready"));
 *     browser.screenshot(Path.of("overview.png"));
 * }
 * }</pre>
 */
public final class Browser implements AutoCloseable {
    /** How long {@link #until(Function)} waits unless told otherwise. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);
    private static final Duration PAGE_LOAD_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DRIVER_START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(50);
    /** Written to the console by the listener, so violations survive navigation in the browser log. */
    static final String VIOLATION_MARK = "security-policy-violation:";
    private static final String VIOLATION_LISTENER = "document.addEventListener('securitypolicyviolation', e => "
            + "console.error('" + VIOLATION_MARK + " ' + e.effectiveDirective + ' blocked ' + (e.blockedURI || '(inline)')"
            + " + ' in ' + e.documentURI));";
    /**
     * The DevTools commands here go through chromedriver's own endpoint, which needs none of Selenium's
     * per-version DevTools bindings; without them Selenium warns on every start that it has none for this Chromium.
     * Held here because java.util.logging keeps loggers only weakly.
     */
    private static final Logger CDP_VERSION_FINDER = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    private final ChromeDriver driver;
    private final Path driverLog;
    private final Thread reaper;
    private final List<String> consoleMessages = new ArrayList<>();
    private final List<String> requests = new ArrayList<>();

    private Browser(ChromeDriver driver, ChromeDriverService service, Path driverLog) {
        this.driver = driver;
        this.driverLog = driverLog;
        // a test JVM stopped by a time-out must not leave chromedriver and Chromium running behind it
        this.reaper = new Thread(service::stop, "chromedriver-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    /**
     * Starts {@code chromium} headless at {@code viewport}, through its chromedriver on a free loopback port. The
     * explicit driver path is what keeps Selenium Manager from running (it would otherwise look for, and
     * download, a driver and a browser).
     */
    public static Browser start(ChromiumInstallation chromium, Viewport viewport) {
        Path driverLog;
        try {
            driverLog = LogFiles.create("chromedriver", "chromedriver-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the chromedriver log", e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromium.chromedriver().toFile())
                .usingAnyFreePort()
                .withTimeout(DRIVER_START_TIMEOUT)
                .withLogFile(driverLog.toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.chromium().toFile());
        options.addArguments(
                "--headless=new",
                // a container's root user has no user namespace for the sandbox, and its /dev/shm is small
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--window-size=" + viewport.width() + "," + viewport.height(),
                // nothing but the pages under test may cause network traffic
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--disable-extensions",
                "--no-first-run",
                "--no-default-browser-check",
                "--hide-scrollbars");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        options.setPageLoadTimeout(PAGE_LOAD_TIMEOUT);
        options.setScriptTimeout(SCRIPT_TIMEOUT);
        options.setImplicitWaitTimeout(Duration.ZERO);
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", VIOLATION_LISTENER));
            Browser browser = new Browser(driver, service, driverLog);
            browser.viewport(viewport);
            return browser;
        } catch (RuntimeException e) {
            driver.quit();
            throw e;
        }
    }

    /**
     * Makes the page area exactly {@code viewport} (device scale 1), for the pages loaded from now on and the one
     * shown, so one browser can take both a desktop and a phone screenshot.
     */
    public void viewport(Viewport viewport) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", viewport.width(), "height", viewport.height(), "deviceScaleFactor", 1,
                "mobile", viewport.mobile()));
        driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", viewport.mobile()));
    }

    /** Loads {@code page} and returns once its load event fired (or fails after the page-load time-out). */
    public void open(URI page) {
        driver.get(page.toString());
    }

    /** For anything this class does not wrap. */
    public WebDriver driver() {
        return driver;
    }

    /** Waits up to {@link #DEFAULT_WAIT} until {@code condition} gives a non-null, non-false value, and returns it. */
    public <T> T until(Function<? super WebDriver, T> condition) {
        return until(DEFAULT_WAIT, condition);
    }

    /** Waits up to {@code timeout} until {@code condition} gives a non-null, non-false value, and returns it. */
    public <T> T until(Duration timeout, Function<? super WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout, POLL)
                .withMessage(() -> "on " + driver.getCurrentUrl())
                .until(condition);
    }

    /** The element {@code locator} finds, once it is on the page (waiting up to {@link #DEFAULT_WAIT}). */
    public WebElement element(By locator) {
        return until(ExpectedConditions.presenceOfElementLocated(locator));
    }

    /** Runs {@code script} in the page, with {@code arguments} as {@code arguments[i]}; returns what it returns. */
    public Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** Writes what the viewport shows to {@code png}, creating its directory. */
    public Path screenshot(Path png) {
        try {
            if (png.toAbsolutePath().getParent() != null) {
                Files.createDirectories(png.toAbsolutePath().getParent());
            }
            return Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the screenshot " + png, e);
        }
    }

    /** Every URL a page asked for since the browser started: documents, scripts, styles, images, fetches. */
    public List<String> requests() {
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            NetworkLog.requestedUrl(entry.getMessage()).ifPresent(requests::add);
        }
        return List.copyOf(requests);
    }

    /** The URLs of {@link #requests()} whose origin (scheme, host, port) is not {@code origin}'s. */
    public List<String> requestsOutside(URI origin) {
        return requests().stream().filter(url -> !NetworkLog.sameOrigin(url, origin)).toList();
    }

    /** Everything the pages wrote to the console, and what Chromium logged about them, since the start. */
    public List<String> consoleMessages() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            consoleMessages.add(entry.getLevel() + " " + entry.getMessage());
        }
        return List.copyOf(consoleMessages);
    }

    /** One line for each Content-Security-Policy violation any page reported since the start. */
    public List<String> securityPolicyViolations() {
        return consoleMessages().stream().filter(message -> message.contains(VIOLATION_MARK)).toList();
    }

    /** chromedriver's own log, for diagnosing a failed start or a lost session. */
    public Path driverLog() {
        return driverLog;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            Runtime.getRuntime().removeShutdownHook(reaper);
        }
    }
}
