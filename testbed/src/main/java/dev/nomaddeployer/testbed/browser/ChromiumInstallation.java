package dev.nomaddeployer.testbed.browser;

import dev.nomaddeployer.testbed.ToolRequirement;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Debian's Chromium and its matching chromedriver ({@code apt-get install chromium chromium-driver}). The browser
 * tests use these two programs and nothing else: Selenium is never left to find, or download, a driver or a
 * browser of its own.
 */
public record ChromiumInstallation(Path chromium, Path chromedriver) {
    /** Both programs on PATH, if installed. */
    public static Optional<ChromiumInstallation> locate() {
        return ToolRequirement.locate("chromium")
                .flatMap(chromium -> ToolRequirement.locate("chromedriver")
                        .map(driver -> new ChromiumInstallation(chromium, driver)));
    }

    /**
     * Both programs, skipping the calling test when one is missing (failing under CI=true); like
     * {@link ToolRequirement#assumeInstalled}, only for tests.
     */
    public static ChromiumInstallation assumeInstalled() {
        return new ChromiumInstallation(ToolRequirement.assumeInstalled("chromium"),
                ToolRequirement.assumeInstalled("chromedriver"));
    }
}
