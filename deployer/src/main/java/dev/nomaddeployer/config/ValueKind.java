package dev.nomaddeployer.config;

import dev.nomaddeployer.deploy.DeployWindows;
import dev.nomaddeployer.image.ReferenceGrammar;
import dev.nomaddeployer.notify.Sink;
import dev.nomaddeployer.registryapi.RegistryEndpoint;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The type of a setting's value: how help labels it, what an error says is accepted, how text becomes the value
 * (relative paths against the working directory) and how the value is written back for {@code --print-config}.
 * A parser throws {@link InvalidValue} with the reason, never echoing its input.
 *
 * @param list the value is comma-separated text, or a list in a file
 */
public record ValueKind<T>(String label, String accepted, Parser<T> parser, Function<T, String> formatter,
                           boolean list) {

    @FunctionalInterface
    public interface Parser<T> {
        T parse(String text, Path workingDir);
    }

    /** A value that cannot be used. {@code shown} is the part to quote (a list item, a repository), null = none. */
    static final class InvalidValue extends IllegalArgumentException {
        final String shown;

        InvalidValue(String reason) {
            this(null, reason);
        }

        InvalidValue(String shown, String reason) {
            super(reason);
            this.shown = shown;
        }
    }

    // strconv.ParseBool's spellings, which the Go tool accepted through Viper
    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

    public static final ValueKind<String> TEXT = scalar("<text>", "any text", text -> text, String::valueOf);
    public static final ValueKind<String> NON_BLANK_TEXT = scalar("<text>", "any text", ValueKind::nonBlank,
            String::valueOf);
    public static final ValueKind<Optional<String>> SECRET = optional(scalar("<secret>", "any text", t -> t, t -> t));
    public static final ValueKind<Boolean> BOOLEAN = scalar("<bool>", "true or false (also 1/0, t/f)",
            ValueKind::bool, String::valueOf);
    public static final ValueKind<Duration> DURATION = duration(false);
    public static final ValueKind<Duration> POSITIVE_DURATION = duration(true);
    public static final ValueKind<Long> BYTES = scalar("<n>", "a whole number",
            text -> wholeNumber(text, 1, Long.MAX_VALUE), String::valueOf);
    public static final ValueKind<URI> URL = scalar("<url>",
            "an http:// or https:// URL with a host, such as http://127.0.0.1:4646", ValueKind::httpUrl,
            URI::toString);
    public static final ValueKind<ListenAddress> ADDRESS = scalar("<host:port>",
            "host:port such as 0.0.0.0:8000, :8000 or [::1]:8000", ListenAddress::parse, ListenAddress::toString);
    public static final ValueKind<Optional<String>> JDBC_URL = optional(scalar("<jdbc-url>",
            "a JDBC URL starting with jdbc:, such as jdbc:sqlite:/var/lib/nomad-deployer/deployer.db",
            ValueKind::jdbcUrl, t -> t));
    public static final ValueKind<Path> PATH = new ValueKind<>("<path>", "a file path", ValueKind::path,
            Path::toString, false);
    public static final ValueKind<Optional<Path>> FILE = optional(new ValueKind<>("<file>", "a readable file",
            (text, dir) -> readable(path(text, dir), false), Path::toString, false));
    public static final ValueKind<Optional<Path>> FILE_OR_DIR = optional(new ValueKind<>("<file|dir>",
            "a readable file or directory", (text, dir) -> readable(path(text, dir), true), Path::toString, false));
    public static final ValueKind<List<String>> HOSTS = listOf("<host[:port],...>",
            "comma-separated host names with an optional port, such as registry:5000,10.0.0.5", ValueKind::host);
    public static final ValueKind<List<Cidr>> CIDRS = listOf("<cidr,...>",
            "comma-separated networks in CIDR notation, such as 10.0.0.0/8,192.168.1.7/32,::1/128", Cidr::parse);
    public static final ValueKind<Map<String, List<String>>> JOBS = scalar("<repo=job,...>",
            "a map of repository to job IDs: JSON such as {\"team/app\":[\"job-a\",\"job-b\"]}, "
                    + "or team/app=job-a,job-b;team/other=job-c", JobsText::parse, JobsText::format);

    /** A URL that is a credential (an incoming webhook's): checked like {@link #URL}, kept exactly as written. */
    public static final ValueKind<Optional<String>> SECRET_URL = optional(scalar("<url>",
            "an http:// or https:// URL with a host", text -> {
                checkSecretUrl(text);
                return text;
            }, t -> t));
    public static final ValueKind<List<DeployWindows.Window>> WINDOWS = listOf("<days HH:MM-HH:MM,...>",
            DeployWindows.ACCEPTED, DeployWindows.Window::parse);
    public static final ValueKind<ZoneId> ZONE = scalar("<zone>",
            "an IANA time zone ID such as UTC, Europe/Berlin or America/New_York", ValueKind::zone, ZoneId::getId);
    public static final ValueKind<List<Sink>> SINKS = new ValueKind<>("<json>", SinksText.ACCEPTED,
            SinksText::parse, SinksText::format, false);
    public static final ValueKind<List<RegistryEndpoint>> REGISTRIES = new ValueKind<>("<json>",
            RegistriesText.ACCEPTED, RegistriesText::parse, RegistriesText::format, false);

    /** YAML 1.1 reads a bare {@code off} as false, so false is what a file saying {@code preflight: off} gives. */
    public static final ValueKind<Preflight> PREFLIGHT = scalar("<off|plan>", "off or plan (false = off)",
            text -> text.equalsIgnoreCase("false") ? Preflight.OFF : oneOf(Preflight.class, "").parse(text, null),
            value -> value.name().toLowerCase(Locale.ROOT));

    public static ValueKind<Integer> count(int minimum) {
        return scalar("<n>", "a whole number", text -> (int) wholeNumber(text, minimum, Integer.MAX_VALUE),
                String::valueOf);
    }

    /** The constants' names in lower case, in declaration order. */
    public static <E extends Enum<E>> ValueKind<E> oneOf(Class<E> type, String label) {
        String names = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        return scalar(label, "one of " + names, text -> {
            try {
                return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidValue("unknown value");
            }
        }, value -> value.name().toLowerCase(Locale.ROOT));
    }

    /** The same kind, where empty text means "not set". */
    public static <T> ValueKind<Optional<T>> optional(ValueKind<T> kind) {
        return new ValueKind<>(kind.label, kind.accepted,
                (text, dir) -> text.isBlank() ? Optional.empty() : Optional.of(kind.parser.parse(text, dir)),
                value -> value.map(kind.formatter).orElse(""), kind.list);
    }

    T parse(String text, Path workingDir) {
        return parser.parse(text, workingDir);
    }

    String format(T value) {
        return formatter.apply(value);
    }

    private static <T> ValueKind<T> scalar(String label, String accepted, Function<String, T> parser,
                                           Function<T, String> formatter) {
        return new ValueKind<>(label, accepted, (text, dir) -> parser.apply(text), formatter, false);
    }

    /** Each item is parsed on its own, so the message can quote the one that is wrong. */
    private static <E> ValueKind<List<E>> listOf(String label, String accepted, Function<String, E> item) {
        return new ValueKind<>(label, accepted, (text, dir) -> JobsText.splitList(text).stream().map(one -> {
            try {
                return item.apply(one);
            } catch (IllegalArgumentException e) {
                throw new InvalidValue(one, e.getMessage());
            }
        }).toList(), items -> items.stream().map(Object::toString).collect(Collectors.joining(",")), true);
    }

    private static ValueKind<Duration> duration(boolean mustBePositive) {
        return scalar("<duration>", GoDuration.ACCEPTED, text -> {
            Duration d = GoDuration.parse(text);
            if (d.isNegative() || (mustBePositive && d.isZero())) {
                throw new InvalidValue(mustBePositive ? "must be longer than 0" : "must not be negative");
            }
            return d;
        }, GoDuration::format);
    }

    private static boolean bool(String text) {
        if (TRUE.contains(text) || FALSE.contains(text)) {
            return TRUE.contains(text);
        }
        throw new InvalidValue("not a boolean");
    }

    private static long wholeNumber(String text, long minimum, long maximum) {
        long n;
        try {
            n = Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new InvalidValue("not a whole number");
        }
        if (n < minimum || n > maximum) {
            throw new InvalidValue("must be at least " + minimum
                    + (maximum == Long.MAX_VALUE ? "" : " and at most " + maximum));
        }
        return n;
    }

    private static String nonBlank(String text) {
        if (text.isBlank()) {
            throw new InvalidValue("must not be empty");
        }
        return text;
    }

    private static URI httpUrl(String text) {
        if (!text.contains("://")) {
            throw new InvalidValue(text.startsWith("unix:") ? "unix sockets are not supported"
                    : "missing the http:// or https:// scheme");
        }
        URI uri;
        try {
            uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        } catch (URISyntaxException e) {
            throw new InvalidValue("not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("unix")) {
            throw new InvalidValue("unix sockets are not supported");
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidValue("the scheme must be http or https");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidValue("no host");
        }
        return uri;
    }

    /** An http(s) URL with a host; the trailing slash and everything else stay, since the URL may be a credential. */
    static void checkSecretUrl(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidValue("not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidValue("the scheme must be http or https");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidValue("no host");
        }
    }

    /** Host names as job images write them: the image grammar decides, plus a port a socket can use. */
    private static String host(String text) {
        if (text.contains("://") || text.contains("/")) {
            throw new InvalidValue("a host name only, without scheme or path");
        }
        if (!ReferenceGrammar.isValidHost(text)) {
            throw new InvalidValue("not a host name");
        }
        int colon = text.lastIndexOf(':');
        String port = colon > text.lastIndexOf(']') ? text.substring(colon + 1) : "1";
        if (port.length() > 5 || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new InvalidValue("port must be 1-65535");
        }
        return text;
    }

    private static ZoneId zone(String text) {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new InvalidValue("not a known time zone");
        }
    }

    private static String jdbcUrl(String text) {
        if (!text.startsWith("jdbc:")) {
            throw new InvalidValue("does not start with jdbc:");
        }
        return text;
    }

    private static Path path(String text, Path workingDir) {
        try {
            return workingDir.resolve(text).normalize();
        } catch (InvalidPathException e) {
            throw new InvalidValue("not a valid path");
        }
    }

    private static Path readable(Path path, boolean directoryAllowed) {
        if (!Files.exists(path)) {
            throw new InvalidValue("file " + path + " does not exist");
        }
        if (Files.isDirectory(path) && !directoryAllowed) {
            throw new InvalidValue(path + " is a directory, not a file");
        }
        if (!Files.isReadable(path)) {
            throw new InvalidValue("file " + path + " is not readable");
        }
        return path;
    }
}
