package dev.dbrestore.testing;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Properties;

/**
 * A real S3-compatible server in process: s3proxy over its filesystem blob store, on a folder the
 * test owns, so that objects can also be laid down (with chosen modification times, which s3proxy
 * reports as LastModified) without thousands of PUTs. Signed requests (V2 or V4) are required.
 */
public final class S3Server implements AutoCloseable {
    public static final String ACCESS_KEY = "AKIAS3PROXYTEST";
    public static final String SECRET_KEY = "s3proxy-secret-key-do-not-log-0042";

    private final Path root;
    private final S3Proxy proxy;
    private final S3Client admin;

    public S3Server(Path root) throws Exception {
        this.root = root;
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", root.toString());
        proxy = S3Proxy.builder()
                .blobStore(BlobStores.create("filesystem", properties))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        for (int i = 0; i < 5000 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(2);
        }
        admin = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public int port() {
        return proxy.getPort();
    }

    public void createBucket(String bucket) {
        admin.createBucket(b -> b.bucket(bucket));
    }

    /** Uploads an object with a PUT, then sets its modification time. */
    public void put(String bucket, String key, byte[] content, Instant lastModified) {
        admin.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
        touch(bucket, key, lastModified);
    }

    /** Lays an object down directly in the blob store's folder (fast, for thousands of keys). */
    public void write(String bucket, String key, byte[] content, Instant lastModified) {
        try {
            Path file = root.resolve(bucket).resolve(key);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        touch(bucket, key, lastModified);
    }

    private void touch(String bucket, String key, Instant lastModified) {
        try {
            Files.setLastModifiedTime(root.resolve(bucket).resolve(key), FileTime.from(lastModified));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        admin.close();
        proxy.stop();
    }
}
