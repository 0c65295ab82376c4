package dev.nomaddeployer.config;

import dev.nomaddeployer.image.RegistryHosts;
import dev.nomaddeployer.registryapi.RegistryEndpoint;
import dev.nomaddeployer.registryapi.RequestRate;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code registries}: the registries the service reads from, each a map {@code {url, username, password |
 * password_file, rate_limit}}, written in a file like {@code notify.sinks} (a list of maps; JSON elsewhere).
 * Messages name the entry by position and URL, never a password.
 */
final class RegistriesText {
    static final String ACCEPTED = "a list of registries, each {url: http(s)://host[:port], username and password or"
            + " password_file (both or neither), rate_limit: <n>/s, <n>/m or <n>/h (default " + RequestRate.DEFAULT
            + ")}";
    private static final List<String> FIELDS = List.of("url", "username", "password", "password_file", "rate_limit");

    private RegistriesText() {}

    /** @throws ValueKind.InvalidValue naming the entry, never its password */
    static List<RegistryEndpoint> parse(String text, Path workingDir) {
        return EntryList.parse(text, "a map of url, username, password", (position, entry) -> endpoint(position,
                entry, workingDir), endpoint -> RegistryHosts.normalise(endpoint.hostPort()), endpoint -> "registry "
                + endpoint.hostPort() + " is listed twice; each registry needs one entry");
    }

    /** URL, user and a rate other than the default, never a password: for {@code --print-config}. */
    static String format(List<RegistryEndpoint> endpoints) {
        return endpoints.stream().map(e -> e.url() + e.username().map(user -> "(" + user + ")").orElse("")
                        + (e.rate().equals(RequestRate.DEFAULT) ? "" : "[" + e.rate() + "]"))
                .collect(Collectors.joining(";"));
    }

    private static RegistryEndpoint endpoint(String position, Map<?, ?> entry, Path workingDir) {
        for (Object field : entry.keySet()) {
            String name = String.valueOf(field).toLowerCase(Locale.ROOT);
            if (!FIELDS.contains(name)) {
                throw SinksText.invalid(position, "unknown field \"" + name + "\""
                        + SettingsTable.didYouMean(name, FIELDS, ""));
            }
        }
        String urlText = SinksText.text(entry, "url").orElseThrow(() -> SinksText.invalid(position, "has no url"));
        URI url;
        try {
            url = ValueKind.URL.parse(urlText, workingDir);
        } catch (ValueKind.InvalidValue e) {
            throw SinksText.invalid(position, "url: " + e.getMessage());
        }
        if (url.getRawUserInfo() != null) {
            throw SinksText.invalid(position, "url: put credentials in username and password, not in the URL");
        }
        if (!(url.getRawPath() == null || url.getRawPath().isEmpty()) || url.getRawQuery() != null
                || url.getRawFragment() != null) {
            throw SinksText.invalid(position, "url: the registry's API is at /v2/ of its root; give only"
                    + " http(s)://host[:port]");
        }
        String where = position + " (" + url + ")";
        Optional<String> username = SinksText.text(entry, "username");
        Optional<String> password = SinksText.secretOrFile(entry, "password", where, workingDir);
        if (username.isPresent() != password.isPresent()) {
            throw SinksText.invalid(where, username.isPresent() ? "has a username but neither password nor password_file"
                    : "has a password but no username");
        }
        RequestRate rate = RequestRate.DEFAULT;
        Object rateText = SinksText.field(entry, "rate_limit");
        if (rateText != null) {
            try {
                rate = RequestRate.parse(FileEntries.text(rateText));
            } catch (IllegalArgumentException e) {
                throw SinksText.invalid(where, "rate_limit: " + e.getMessage());
            }
        }
        return new RegistryEndpoint(url, username, password, rate);
    }
}
