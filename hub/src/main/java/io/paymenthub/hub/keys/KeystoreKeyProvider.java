package io.paymenthub.hub.keys;

import io.paymenthub.carddata.KeyMaterial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * {@code hub.masking.key-provider: local}: keys in a PKCS#12 keystore, one secret-key entry per version, aliased by
 * key id ({@code local-pan-v1}). The keystore password comes from the environment. With {@code create-if-missing}
 * (the local profile) a missing keystore is created at first start with random 256-bit keys, readable by its owner
 * only (600), and a missing purpose is added; otherwise it must exist, e.g. mounted from a Kubernetes secret. A
 * forwarding key ({@code local-forward-v1}) is 32 random bytes like the others, whatever its entry's algorithm.
 */
final class KeystoreKeyProvider implements KeyProvider {

    static final String NAME = "local";
    private static final Logger LOG = LoggerFactory.getLogger(KeystoreKeyProvider.class);
    private static final String TYPE = "PKCS12";
    /** Explicit rather than the JDK's default, so an auditor reads what protects the entries. */
    private static final String ENTRY_PROTECTION = "PBEWithHmacSHA256AndAES_256";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** File locks guard other processes; this guards other hubs in the same JVM (tests). */
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    private final Path path;
    private final char[] password;
    private final boolean createIfMissing;
    private final SecureRandom random = new SecureRandom();
    /** An optional purpose the keystore lacks is reported once, not at every refresh. */
    private final Set<KeyPurpose> warnedMissing = java.util.concurrent.ConcurrentHashMap.newKeySet();

    KeystoreKeyProvider(Path path, String password, boolean createIfMissing) {
        if (password == null || password.isEmpty()) {
            throw new IllegalStateException("hub.masking.keystore.password (HUB_MASKING_KEYSTORE_PASSWORD) must be set"
                    + " when hub.masking.key-provider=local");
        }
        this.path = path.toAbsolutePath();
        this.password = password.toCharArray();
        this.createIfMissing = createIfMissing;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ManagedKey> load() {
        return locked(() -> {
            if (!Files.exists(path)) {
                if (!createIfMissing) {
                    throw new IllegalStateException("keystore " + path + " not found and hub.masking.keystore.create-if-missing is false");
                }
                write(emptyKeystore(), true);
                LOG.info("Created keystore {} (owner-only)", path);
            }
            warnIfOthersCanRead();
            KeyStore keystore = read();
            List<ManagedKey> keys = entries(keystore);
            boolean added = false;
            for (KeyPurpose purpose : KeyPurpose.values()) {
                if (keys.stream().noneMatch(k -> k.purpose() == purpose)) {
                    if (!createIfMissing && !purpose.required()) {
                        if (warnedMissing.add(purpose)) {
                            LOG.warn("Keystore {} holds no {} key: messages other regions seal for this one will not open"
                                    + " (docs/security.md, \"Sealed forwarding\")", path, purpose.label());
                        }
                        continue;
                    }
                    if (!createIfMissing) {
                        throw new IllegalStateException("keystore " + path + " holds no " + purpose.label() + " key");
                    }
                    addVersion(keystore, purpose, 1);
                    added = true;
                }
            }
            if (added) {
                write(keystore, false);
                keys = entries(keystore);
            }
            return keys;
        });
    }

    @Override
    public ManagedKey create(KeyPurpose purpose) {
        return locked(() -> {
            KeyStore keystore = read();
            int next = entries(keystore).stream().filter(k -> k.purpose() == purpose)
                    .mapToInt(ManagedKey::version).max().orElse(0) + 1;
            String id = addVersion(keystore, purpose, next);
            write(keystore, false);
            return entries(keystore).stream().filter(k -> k.id().equals(id)).findFirst().orElseThrow();
        });
    }

    @Override
    public void destroy(String keyId) {
        locked(() -> {
            KeyStore keystore = read();
            try {
                if (!keystore.containsAlias(keyId)) {
                    throw new IllegalArgumentException("no key " + keyId + " in " + path);
                }
                keystore.deleteEntry(keyId);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot delete " + keyId + " from " + path, e);
            }
            write(keystore, false);
            return null;
        });
    }

    private String addVersion(KeyStore keystore, KeyPurpose purpose, int version) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String id = purpose.keyId(NAME, version);
        try {
            keystore.setEntry(id, new KeyStore.SecretKeyEntry(new SecretKeySpec(secret, purpose.algorithm())), protection());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot add " + id + " to " + path, e);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        return id;
    }

    private List<ManagedKey> entries(KeyStore keystore) {
        try {
            List<ManagedKey> keys = new ArrayList<>();
            for (String alias : Collections.list(keystore.aliases())) {
                var parsed = KeyPurpose.parse(NAME, alias);
                if (parsed.isEmpty() || !keystore.entryInstanceOf(alias, KeyStore.SecretKeyEntry.class)) {
                    LOG.warn("Keystore {} entry '{}' is not a hub key (local-<pan|payload|forward|audit>-v<n>): ignored", path, alias);
                    continue;
                }
                KeyStore.SecretKeyEntry entry = (KeyStore.SecretKeyEntry) keystore.getEntry(alias, protection());
                byte[] secret = entry.getSecretKey().getEncoded();
                keys.add(new ManagedKey(alias, parsed.get().purpose(), parsed.get().version(),
                        keystore.getCreationDate(alias).toInstant(), new KeyMaterial(alias, secret)));
                Arrays.fill(secret, (byte) 0);
            }
            return keys;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the keys of " + path + " (wrong password?)", e);
        }
    }

    private KeyStore.PasswordProtection protection() {
        return new KeyStore.PasswordProtection(password, ENTRY_PROTECTION, null);
    }

    private KeyStore emptyKeystore() {
        try {
            KeyStore keystore = KeyStore.getInstance(TYPE);
            keystore.load(null, password);
            return keystore;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("PKCS#12 keystores unavailable", e);
        }
    }

    private KeyStore read() {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore keystore = KeyStore.getInstance(TYPE);
            keystore.load(in, password);
            return keystore;
        } catch (IOException e) {
            throw new IllegalStateException("cannot open keystore " + path + " (wrong password or damaged file)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open keystore " + path, e);
        }
    }

    /** Writes beside the keystore and moves into place, so a reader never sees half a file. */
    private void write(KeyStore keystore, boolean firstTime) {
        try {
            Path directory = path.getParent();
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path temp = Files.createTempFile(directory, ".keys", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            try {
                try (OutputStream out = Files.newOutputStream(temp)) {
                    keystore.store(out, password);
                }
                if (firstTime) {
                    Files.move(temp, path);
                } else {
                    Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (FileAlreadyExistsException createdMeanwhile) {
            // another hub created it first: use theirs
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write keystore " + path, e);
        }
    }

    private void warnIfOthersCanRead() {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("Keystore {} is readable by other users: make it owner-only (chmod 600)", path);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: nothing to check
        }
    }

    private <T> T locked(Supplier<T> action) {
        IN_PROCESS.lock();
        try {
            Path lockFile = path.resolveSibling(path.getFileName() + ".lock");
            if (!Files.isDirectory(lockFile.getParent())) {
                Files.createDirectories(lockFile.getParent());
            }
            if (!Files.isWritable(lockFile.getParent())) {
                return action.get(); // a read-only mount (Kubernetes secret): nobody writes it here
            }
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return action.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock keystore " + path, e);
        } finally {
            IN_PROCESS.unlock();
        }
    }
}
