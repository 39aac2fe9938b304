package dev.dbrestore.testing;

import dev.dbrestore.config.TargetSpec;
import dev.dbrestore.db.ConnectionResolver;
import dev.dbrestore.db.ConnectionSettings;
import dev.dbrestore.db.PgAdmin;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of its own for one test class, reachable only over TLS ({@code hostssl} lines
 * alone in pg_hba.conf), with a certificate for {@code localhost} signed by a CA made here
 * (BouncyCastle), and a second CA that signed nothing, to distrust. {@link #CERT_USER} logs in with a
 * client certificate of that CA instead of a password. Started with the installed
 * server binaries ({@code pg_config --bindir}) on a free port, TCP only; as {@code nobody} when the
 * tests run as root, since initdb refuses root. {@link #close()} stops it; its files live in the
 * folder given (a {@code @TempDir}).
 */
public final class TlsPostgres implements AutoCloseable {
    public static final String USER = "postgres";
    /** A superuser that logs in with its client certificate ({@link #clientCert()}, {@link #clientKey()}) alone. */
    public static final String CERT_USER = "certuser";

    private final Path bin;
    private final Path data;
    private final int port;
    private final String password;
    private final Path rootCert;
    private final Path otherCa;

    private TlsPostgres(Path bin, Path data, int port, String password, Path rootCert, Path otherCa) {
        this.bin = bin;
        this.data = data;
        this.port = port;
        this.password = password;
        this.rootCert = rootCert;
        this.otherCa = otherCa;
    }

    public static TlsPostgres start(Path dir) throws Exception {
        Path bin = Path.of(output(List.of("pg_config", "--bindir")).strip());
        // the server's own folder: the unprivileged user may pass through dir, nobody else may look into server/
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Path server = Files.createDirectory(dir.resolve("server"));
        String password = "tls-" + UUID.randomUUID();

        KeyPair caKey = keyPair();
        X509CertificateHolder ca = certificate("CN=dbrestore test CA", caKey, "CN=dbrestore test CA", caKey, true, null);
        KeyPair serverKey = keyPair();
        X509CertificateHolder serverCert = certificate("CN=localhost", serverKey, "CN=dbrestore test CA", caKey, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
        KeyPair otherKey = keyPair();
        X509CertificateHolder other = certificate("CN=another CA", otherKey, "CN=another CA", otherKey, true, null);

        KeyPair clientKey = keyPair();
        X509CertificateHolder clientCert = certificate("CN=" + CERT_USER, clientKey, "CN=dbrestore test CA", caKey, false, null);

        Path rootCert = Files.writeString(dir.resolve("root.crt"), pem(ca));
        Path otherCa = Files.writeString(dir.resolve("other-ca.crt"), pem(other));
        Files.writeString(dir.resolve("client.crt"), pem(clientCert));
        // PKCS#8 PEM: the key format both libpq and pgjdbc read; 0600, as both demand
        Files.writeString(dir.resolve("client.key"), pem(new JcaPKCS8Generator(clientKey.getPrivate(), null)));
        Files.setPosixFilePermissions(dir.resolve("client.key"), PosixFilePermissions.fromString("rw-------"));
        Files.writeString(server.resolve("server.crt"), pem(serverCert) + pem(ca));
        Files.writeString(server.resolve("root.crt"), pem(ca));
        Files.writeString(server.resolve("server.key"), pem(new JcaPKCS8Generator(serverKey.getPrivate(), null)));
        Files.writeString(server.resolve("pw"), password + "\n");
        for (String file : List.of("server.key", "pw")) {
            Files.setPosixFilePermissions(server.resolve(file), PosixFilePermissions.fromString("rw-------"));
        }
        Path data = server.resolve("data");
        if (isRoot()) {
            UserPrincipal nobody = server.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(server, nobody);
            try (var files = Files.list(server)) {
                for (Path file : files.toList()) {
                    Files.setOwner(file, nobody);
                }
            }
        }
        Files.setPosixFilePermissions(server, PosixFilePermissions.fromString("rwx------"));
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + server.resolve("pw"),
                "-A", "scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"));
        Files.writeString(data.resolve("pg_hba.conf"), """
                hostssl all %1$s 127.0.0.1/32 cert
                hostssl all %1$s ::1/128 cert
                hostssl all all 127.0.0.1/32 scram-sha-256
                hostssl all all ::1/128 scram-sha-256
                """.formatted(CERT_USER));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(data.resolve("postgresql.conf"), """

                port = %d
                listen_addresses = 'localhost'
                unix_socket_directories = ''
                ssl = on
                ssl_cert_file = '%s'
                ssl_key_file = '%s'
                ssl_ca_file = '%s'
                fsync = off
                shared_buffers = 16MB
                max_connections = 20
                """.formatted(port, server.resolve("server.crt"), server.resolve("server.key"), server.resolve("root.crt")),
                java.nio.file.StandardOpenOption.APPEND);
        TlsPostgres started = new TlsPostgres(bin, data, port, password, rootCert, otherCa);
        // a build that fails before its verify script (an invoker IT) still stops the server when the JVM ends
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.close();
            } catch (Exception alreadyStopped) {
                // stopped by close() or stop() before
            }
        }));
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", server.resolve("log").toString(),
                    "-w", "-t", "60", "start"));
        } catch (IOException e) {
            throw new IOException(e.getMessage() + "\nserver log:\n" + Files.readString(server.resolve("log")), e);
        }
        ConnectionSettings admin = new ConnectionResolver(Map.of(), dir)
                .resolve(new TargetSpec(started.verifyFullUrl("postgres"), null, null, null, null, null));
        try (Connection c = PgAdmin.open(admin, "postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + CERT_USER + " LOGIN SUPERUSER");
        }
        return started;
    }

    public int port() {
        return port;
    }

    public String password() {
        return password;
    }

    /** The CA that signed the server's certificate (PEM). */
    public Path rootCert() {
        return rootCert;
    }

    /** The certificate of {@link #CERT_USER}, signed by the server's CA. */
    public Path clientCert() {
        return rootCert.resolveSibling("client.crt");
    }

    /** Its key, PKCS#8 PEM, mode 0600. */
    public Path clientKey() {
        return rootCert.resolveSibling("client.key");
    }

    /** A CA that signed nothing the server has. */
    public Path otherCa() {
        return otherCa;
    }

    @Override
    public void close() throws Exception {
        stop(bin, data);
    }

    /** Stops the server started in {@code dir} (for a script that did not keep the object). */
    public static void stop(Path dir) throws Exception {
        stop(Path.of(output(List.of("pg_config", "--bindir")).strip()), dir.resolve("server").resolve("data"));
    }

    private static void stop(Path bin, Path data) throws Exception {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
    }

    /** {@code postgres://postgres:…@localhost:port/database?sslmode=verify-full&sslrootcert=…}, trusting the server's CA. */
    public String verifyFullUrl(String database) {
        return "postgres://" + USER + ":" + password + "@localhost:" + port + "/" + database
                + "?sslmode=verify-full&sslrootcert=" + rootCert;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs a server binary, as nobody when we are root; fails with its output. */
    private static void run(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        full.addAll(command);
        output(full);
    }

    private static String output(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509CertificateHolder certificate(String subject, KeyPair subjectKey, String issuer, KeyPair issuerKey,
                                                     boolean ca, GeneralNames names) throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(System.nanoTime() & 0xFFFF)),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))),
                new X500Name(subject), subjectKey.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                : KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        if (names != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, names);
        }
        return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate()));
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
