package io.paymenthub.hub.keys;

import io.paymenthub.carddata.KeyMaterial;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Properties;

/**
 * Local-profile keys: 256-bit random keys generated at first start into a file only its owner can read (600),
 * then reused so tokens stay stable across restarts. Production takes keys from a secret instead.
 */
final class LocalKeyFile {

    private LocalKeyFile() {
    }

    static HubKeys loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            create(file);
        }
        Properties keys = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            keys.load(in);
        }
        return new HubKeys(read(keys, "pan"), read(keys, "payload"));
    }

    private static KeyMaterial read(Properties keys, String name) {
        return new KeyMaterial(keys.getProperty(name + ".id"), Base64.getDecoder().decode(keys.getProperty(name + ".key")));
    }

    private static void create(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        SecureRandom random = new SecureRandom();
        String suffix = LocalDate.now().toString();
        Properties keys = new Properties();
        for (String name : new String[] {"pan", "payload"}) {
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            keys.setProperty(name + ".id", "local-" + name + "-" + suffix);
            keys.setProperty(name + ".key", Base64.getEncoder().encodeToString(secret));
        }
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "keys", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(temp)) {
            keys.store(out, "local hub keys: generated at first start, never commit or share");
        }
        Files.move(temp, file);
    }
}
