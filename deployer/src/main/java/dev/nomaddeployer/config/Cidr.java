package dev.nomaddeployer.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** A network in CIDR notation ({@code 10.0.0.0/8}, {@code ::1/128}); a bare address means just that host. */
public record Cidr(InetAddress network, int prefixLength) {

    public Cidr {
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length must be 0-" + bits);
        }
    }

    public static Cidr parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        // only literal addresses: a host name here would trigger a DNS lookup at start-up
        if (!address.matches("[0-9.]+") && !(address.contains(":") && address.matches("[0-9A-Fa-f:.]+"))) {
            throw new IllegalArgumentException("\"" + address + "\" is not an IP address");
        }
        InetAddress network;
        try {
            network = InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("\"" + address + "\" is not an IP address");
        }
        if (address.matches("[0-9.]+") && !address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("\"" + address + "\" is not a dotted IPv4 address");
        }
        int bits = network.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = s.substring(slash + 1);
            if (!length.matches("\\d{1,3}")) {
                throw new IllegalArgumentException("prefix length \"" + length + "\" is not a number");
            }
            prefix = Integer.parseInt(length);
        }
        return new Cidr(network, prefix);
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        byte[] base = network.getAddress();
        if (candidate.length != base.length) {
            return false;
        }
        int shift = base.length * 8 - prefixLength;
        return prefixLength == 0
                || new BigInteger(1, candidate).shiftRight(shift).equals(new BigInteger(1, base).shiftRight(shift));
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
