package dev.nomaddeployer.nomad;

import dev.nomaddeployer.pem.PemFiles;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the SSLContext for talking to Nomad from PEM files, the way Nomad's own CLI takes them
 * ({@code NOMAD_CACERT}, {@code NOMAD_CLIENT_CERT}, {@code NOMAD_CLIENT_KEY}, {@code NOMAD_TLS_SERVER_NAME}).
 */
public final class TlsContexts {
    private TlsContexts() {}

    /** Thrown with a message that names the file and what is wrong with it. */
    public static final class TlsSetupException extends Exception {
        TlsSetupException(String message, Throwable cause) {
            super(message + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
        }
    }

    /**
     * A context for a client that speaks plain http: it trusts no certificate, so nothing can be reached through
     * it by mistake. Giving the client one keeps it from loading the JDK's default trust store at start (a
     * tenth of a second or more) for connections it never makes.
     */
    public static SSLContext trustingNothing() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[0], new TrustManager[] {new TrustNothing()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS context", e);
        }
    }

    public static NomadTls create(Optional<Path> caFileOrDir, Optional<Path> clientCert, Optional<Path> clientKey,
                                    Optional<String> serverName, boolean skipVerify) throws TlsSetupException {
        try {
            X509ExtendedKeyManager keys = null;
            if (clientCert.isPresent() && clientKey.isPresent()) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                List<Certificate> chain = readCertificates(clientCert.get());
                PrivateKey key = readPrivateKey(clientKey.get());
                store.setKeyEntry("client", key, new char[0], chain.toArray(Certificate[]::new));
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(store, new char[0]);
                keys = Stream.of(factory.getKeyManagers()).filter(X509ExtendedKeyManager.class::isInstance)
                        .map(X509ExtendedKeyManager.class::cast).findFirst()
                        .orElseThrow(() -> new GeneralSecurityException("no X509 key manager available"));
            }
            X509TrustManager trust = skipVerify ? new TrustEverything() : trustManager(caFileOrDir);
            if (!skipVerify && serverName.isPresent()) {
                trust = new ServerNameTrustManager((X509ExtendedTrustManager) trust, serverName.get());
            }
            AtomicBoolean requested = new AtomicBoolean();
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new RequestNoticingKeyManager(keys, requested)},
                    new TrustManager[] {trust}, null);
            return new NomadTls(context, new NomadTls.Setup(caFileOrDir, clientCert.filter(c -> clientKey.isPresent()),
                    serverName, skipVerify, requested));
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsSetupException("cannot set up TLS to Nomad", e);
        }
    }

    private static X509TrustManager trustManager(Optional<Path> caFileOrDir)
            throws GeneralSecurityException, IOException, TlsSetupException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (caFileOrDir.isEmpty()) {
            factory.init((KeyStore) null);
        } else {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int n = 0;
            for (Path file : caFiles(caFileOrDir.get())) {
                for (Certificate certificate : readCertificates(file)) {
                    store.setCertificateEntry("ca-" + n++, certificate);
                }
            }
            if (n == 0) {
                throw new TlsSetupException("no CA certificate found in " + caFileOrDir.get(), null);
            }
            factory.init(store);
        }
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X509 trust manager available");
    }

    private static List<Path> caFiles(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> files = Files.list(path)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".pem") || p.toString().endsWith(".crt"))
                    .sorted().toList();
        }
    }

    private static List<Certificate> readCertificates(Path file) throws TlsSetupException {
        try {
            return PemFiles.certificates(file);
        } catch (PemFiles.PemException e) {
            throw new TlsSetupException(e.getMessage(), null);
        }
    }

    private static PrivateKey readPrivateKey(Path file) throws TlsSetupException {
        try {
            return PemFiles.privateKey(file);
        } catch (PemFiles.PemException e) {
            throw new TlsSetupException(e.getMessage(), null);
        }
    }

    /** Nomad's certificate does not carry the configured {@code nomad.tls.server_name}. */
    static final class ServerNameMismatch extends CertificateException {
        ServerNameMismatch(String message) {
            super(message);
        }
    }

    /**
     * Checks the chain as usual but the host name against the configured server name instead of the
     * address dialled: Nomad's certificates name {@code server.<region>.nomad}, not the host.
     */
    private static final class ServerNameTrustManager extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;
        private final String serverName;

        ServerNameTrustManager(X509ExtendedTrustManager delegate, String serverName) {
            this.delegate = delegate;
            this.serverName = serverName.toLowerCase(Locale.ROOT);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
            verifyName(chain[0]);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
            verifyName(chain[0]);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
            verifyName(chain[0]);
        }

        private void verifyName(X509Certificate leaf) throws CertificateException {
            List<String> names = dnsNames(leaf);
            for (String name : names) {
                if (matches(name.toLowerCase(Locale.ROOT))) {
                    return;
                }
            }
            throw new ServerNameMismatch("Nomad's certificate is not valid for server name " + serverName
                    + " (it names " + names + ")");
        }

        private boolean matches(String pattern) {
            if (pattern.startsWith("*.")) {
                int dot = serverName.indexOf('.');
                return dot > 0 && serverName.substring(dot).equals(pattern.substring(1));
            }
            return pattern.equals(serverName);
        }

        private static List<String> dnsNames(X509Certificate certificate) throws CertificateParsingException {
            List<String> names = new ArrayList<>();
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> entry : alternatives) {
                    if (Integer.valueOf(2).equals(entry.get(0)) || Integer.valueOf(7).equals(entry.get(0))) {
                        names.add(String.valueOf(entry.get(1)));
                    }
                }
            }
            return names;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }

    /**
     * Offers the configured client certificate (if any) and notes that Nomad asked for one: without the note,
     * a server that drops the connection over a missing certificate looks like any other hang-up.
     */
    private static final class RequestNoticingKeyManager extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager delegate;
        private final AtomicBoolean requested;

        RequestNoticingKeyManager(X509ExtendedKeyManager delegate, AtomicBoolean requested) {
            this.delegate = delegate;
            this.requested = requested;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            requested.set(true);
            return delegate == null ? null : delegate.chooseEngineClientAlias(keyType, issuers, engine);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            requested.set(true);
            return delegate == null ? null : delegate.chooseClientAlias(keyType, issuers, socket);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return delegate == null ? null : delegate.getClientAliases(keyType, issuers);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate == null ? null : delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate == null ? null : delegate.getPrivateKey(alias);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return null;
        }
    }

    /** Only for {@code nomad.tls.skip_verify}, which the service warns about at start. */
    private static final class TrustNothing implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("plain-http client: no certificate is trusted");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("plain-http client: no certificate is trusted");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private static final class TrustEverything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
