package dev.nomaddeployer.nomad;

import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Says why a TLS connection to Nomad failed in terms of the setting to change. What the JDK reports only as
 * text (alerts, hang-ups, host name checks) is read from its messages here, and only here. The JDK's own messages
 * ("PKIX path building failed", "header parser received no bytes") do not tell an operator which file is
 * wrong, and a TLS 1.3 server that rejects the client certificate just hangs up after the handshake.
 */
final class TlsFailures {
    private static final Pattern ALERT = Pattern.compile("Received fatal alert: (\\w+)");
    /** Alerts a server sends when it does not accept the client certificate it was given. */
    private static final Set<String> CLIENT_CERTIFICATE_REFUSED = Set.of("bad_certificate", "unknown_ca",
            "certificate_expired", "certificate_unknown", "certificate_revoked", "unsupported_certificate",
            "access_denied");

    private TlsFailures() {}

    /** Empty when {@code failure} has nothing to do with TLS. */
    static Optional<String> explain(IOException failure, URI address, NomadTls.Setup setup) {
        List<Throwable> chain = causes(failure);
        boolean tls = chain.stream().anyMatch(SSLException.class::isInstance);
        String prefix = "TLS handshake with Nomad at " + address + " failed: ";
        Optional<Throwable> expired = find(chain, CertificateExpiredException.class::isInstance);
        if (expired.isPresent() && tls) {
            return Optional.of(prefix + "Nomad's certificate has expired (" + expired.get().getMessage()
                    + "); renew the certificate Nomad serves");
        }
        Optional<Throwable> early = find(chain, CertificateNotYetValidException.class::isInstance);
        if (early.isPresent() && tls) {
            return Optional.of(prefix + "Nomad's certificate is not valid yet (" + early.get().getMessage()
                    + "); check the clocks of Nomad and of this host");
        }
        if (tls && find(chain, t -> t instanceof CertPathBuilderException
                || String.valueOf(t.getMessage()).contains("unable to find valid certification path")).isPresent()) {
            return Optional.of(prefix + untrusted(setup));
        }
        Optional<Throwable> wrongName = find(chain, TlsContexts.ServerNameMismatch.class::isInstance);
        if (tls && wrongName.isPresent()) {
            return Optional.of(prefix + wrongName.get().getMessage()
                    + "; set nomad.tls.server_name to a name the certificate carries");
        }
        Optional<Throwable> addressNotNamed = find(chain, t -> String.valueOf(t.getMessage())
                .matches("(?s).*(No subject alternative|No name matching).*"));
        if (tls && addressNotNamed.isPresent()) {
            return Optional.of(prefix + "Nomad's certificate does not name " + address.getHost() + " ("
                    + addressNotNamed.get().getMessage() + "); Nomad's certificates name server.<region>.nomad,"
                    + " so set nomad.tls.server_name (NOMAD_TLS_SERVER_NAME) to that name, e.g. server.global.nomad");
        }
        String alert = alert(chain);
        boolean hungUp = hungUp(chain);
        boolean asked = setup != null && setup.clientCertificateRequested().get();
        boolean haveCertificate = setup != null && setup.clientCertificate().isPresent();
        if ("certificate_required".equals(alert) || (asked && !haveCertificate && (tls || hungUp))) {
            return Optional.of(prefix + "Nomad requires a client certificate (its tls.verify_https_client is on)"
                    + " and none is configured; set nomad.tls.client_cert and nomad.tls.client_key"
                    + " (NOMAD_CLIENT_CERT, NOMAD_CLIENT_KEY)");
        }
        if ((alert != null && CLIENT_CERTIFICATE_REFUSED.contains(alert)) || (asked && haveCertificate && hungUp)) {
            return Optional.of(prefix + "Nomad refused our client certificate "
                    + (haveCertificate ? setup.clientCertificate().get() + " " : "")
                    + (alert == null ? "(it closed the connection after the handshake)" : "(alert " + alert + ")")
                    + "; nomad.tls.client_cert must be signed by a CA in Nomad's tls.ca_file and be valid now");
        }
        if (tls && find(chain, t -> String.valueOf(t.getMessage())
                .matches("(?si).*(unsupported or unrecognized SSL message|plaintext connection).*")).isPresent()) {
            return Optional.of(prefix + "Nomad at " + address.getAuthority() + " does not speak TLS; use http:// in"
                    + " nomad.url or enable Nomad's tls.http");
        }
        if (tls) {
            return Optional.of(prefix + describe(chain));
        }
        return Optional.empty();
    }

    private static String untrusted(NomadTls.Setup setup) {
        if (setup != null && setup.caFile().isPresent()) {
            return "certificate not trusted by nomad.tls.ca_file (" + setup.caFile().get() + "): Nomad's certificate"
                    + " is not signed by a CA in that file or directory; point nomad.tls.ca_file (NOMAD_CACERT) at"
                    + " the CA that issued it";
        }
        return "certificate not trusted: nomad.tls.ca_file is not set, so only the JVM's default CAs are trusted;"
                + " set nomad.tls.ca_file (NOMAD_CACERT) to the CA that issued Nomad's certificate";
    }

    private static String alert(List<Throwable> chain) {
        for (Throwable t : chain) {
            Matcher matcher = ALERT.matcher(String.valueOf(t.getMessage()));
            if (matcher.find()) {
                return matcher.group(1).toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** The connection ended without an HTTP answer: what a TLS 1.3 server's rejection looks like. */
    private static boolean hungUp(List<Throwable> chain) {
        return find(chain, t -> t instanceof EOFException || String.valueOf(t.getMessage())
                .matches("(?si).*(received no bytes|connection reset|broken pipe|closed|end of stream).*"))
                .isPresent();
    }

    private static Optional<Throwable> find(List<Throwable> chain, Predicate<Throwable> test) {
        return chain.stream().filter(test).findFirst();
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static String describe(List<Throwable> chain) {
        for (Throwable t : chain) {
            if (t.getMessage() != null) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return chain.get(0).getClass().getSimpleName();
    }
}
