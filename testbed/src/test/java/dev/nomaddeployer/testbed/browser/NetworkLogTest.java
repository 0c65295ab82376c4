package dev.nomaddeployer.testbed.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class NetworkLogTest {
    @Test
    void aRequestAboutToBeSentGivesItsUrl() {
        String entry = "{\"message\":{\"method\":\"Network.requestWillBeSent\",\"params\":{\"requestId\":\"1\","
                + "\"request\":{\"url\":\"http://127.0.0.1:8080/ui/assets/app.js\",\"method\":\"GET\"}}},\"webview\":\"A\"}";

        assertThat(NetworkLog.requestedUrl(entry)).contains("http://127.0.0.1:8080/ui/assets/app.js");
    }

    @Test
    void otherEventsGiveNone() {
        String entry = "{\"message\":{\"method\":\"Network.responseReceived\",\"params\":{\"response\":{\"url\":\"http://a/\"}}}}";

        assertThat(NetworkLog.requestedUrl(entry)).isEmpty();
    }

    @Test
    void theOriginIsSchemeHostAndPortWithTheDefaultPortImplied() {
        URI origin = URI.create("http://127.0.0.1:80/");

        assertThat(NetworkLog.sameOrigin("http://127.0.0.1/ui/", origin)).isTrue();
        assertThat(NetworkLog.sameOrigin("HTTP://127.0.0.1:80/x", origin)).isTrue();
        assertThat(NetworkLog.sameOrigin("https://127.0.0.1/ui/", origin)).isFalse();
        assertThat(NetworkLog.sameOrigin("http://localhost/ui/", origin)).isFalse();
        assertThat(NetworkLog.sameOrigin("http://127.0.0.1:8080/ui/", origin)).isFalse();
    }

    @Test
    void aUrlThatIsNoUriHasNoOriginInCommon() {
        assertThat(NetworkLog.sameOrigin("data:image/svg+xml,<svg/>", URI.create("http://127.0.0.1/"))).isFalse();
    }
}
