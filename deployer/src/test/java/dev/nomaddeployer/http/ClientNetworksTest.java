package dev.nomaddeployer.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code server.allowed_networks}: the callback and the history only answer clients from those networks. */
@Timeout(20)
class ClientNetworksTest {
    @TempDir
    Path dir;

    @Test
    void callbackFromOutsideTheAllowedNetworksIsRefusedWith403AndNothingStored() throws Exception {
        var options = Listener.withNetworks("10.0.0.0/8", "192.168.0.0/16", "::1/128");
        try (Listener listener = Listener.start(dir, options)) {
            HttpResponse<String> response = listener.notify(Notification.push());

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
            assertThat(listener.stored()).isEmpty();
            assertThat(listener.get("/api/v1/deployments").statusCode()).isEqualTo(403);
        }
    }

    @Test
    void callbackFromAnAllowedNetworkIsStored() throws Exception {
        try (Listener listener = Listener.start(dir, Listener.withNetworks("10.0.0.0/8", "127.0.0.0/8"))) {
            assertThat(listener.notify(Notification.push()).statusCode()).isEqualTo(200);
            assertThat(listener.stored()).hasSize(1);
        }
    }

    @Test
    void healthAnswersEveryNetwork() throws Exception {
        try (Listener listener = Listener.start(dir, Listener.withNetworks("10.0.0.0/8"))) {
            assertThat(listener.get("/health").statusCode()).isEqualTo(204);
        }
    }

    @Test
    void forwardingHeadersDoNotGetAClientPastTheAllowList() throws Exception {
        try (Listener listener = Listener.start(dir, Listener.withNetworks("10.0.0.0/8"))) {
            HttpResponse<String> response = listener.notify(Notification.push(),
                    "X-Forwarded-For", "10.1.2.3", "Forwarded", "for=10.1.2.3");

            assertThat(response.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void networkIsCheckedBeforeCredentials() throws Exception {
        var options = Listener.withNetworks("10.0.0.0/8");
        options = new WebServer.Options(options.host(), options.port(), options.readTimeout(), options.writeTimeout(),
                options.stopTimeout(), options.logRequests(), options.maxBodyBytes(), options.tls(),
                options.allowedNetworks(), Listener.bearer("secret"), options.maxConnectionsPerClient());
        try (Listener listener = Listener.start(dir, options)) {
            assertThat(listener.notify(Notification.push(), "Authorization", "Bearer secret").statusCode())
                    .isEqualTo(403);
        }
    }
}
