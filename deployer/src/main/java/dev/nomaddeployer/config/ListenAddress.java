package dev.nomaddeployer.config;

/**
 * Where the listener binds, written as Go's net.Listen takes it: {@code host:port}, {@code :port} (all interfaces)
 * or {@code [ipv6]:port}.
 *
 * @param host empty = all interfaces
 */
public record ListenAddress(String host, int port) {

    public ListenAddress {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0-65535");
        }
    }

    public static ListenAddress parse(String text) {
        String s = text.strip();
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("missing :port");
        }
        String host = s.substring(0, colon);
        String port = s.substring(colon + 1);
        if (host.startsWith("[") != host.endsWith("]")) {
            throw new IllegalArgumentException("unbalanced brackets around the IPv6 address");
        }
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("an IPv6 address must be written in brackets, like [::1]:8000");
        }
        if (!port.matches("\\d{1,5}")) {
            throw new IllegalArgumentException("port must be a number from 0 to 65535");
        }
        return new ListenAddress(host, Integer.parseInt(port));
    }

    /** The host to bind: all interfaces when none was written. */
    public String bindHost() {
        return host.isEmpty() ? "0.0.0.0" : host;
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
