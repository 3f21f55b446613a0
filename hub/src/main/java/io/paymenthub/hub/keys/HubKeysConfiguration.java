package io.paymenthub.hub.keys;

import io.paymenthub.carddata.KeyMaterial;
import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.config.HubProperties.Masking;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Base64;

@Configuration(proxyBeanMethods = false)
class HubKeysConfiguration {

    @Bean
    HubKeys hubKeys(HubProperties properties) {
        Masking masking = properties.masking();
        return switch (masking.keyProvider()) {
            case LOCAL -> {
                try {
                    yield LocalKeyFile.loadOrCreate(Path.of(masking.localKeyFile()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read or create the local key file", e);
                }
            }
            case SECRET -> new HubKeys(
                    fromSecret("hub.masking.pan-key", masking.panKeyId(), masking.panKey()),
                    fromSecret("hub.masking.payload-key", masking.payloadKeyId(), masking.payloadKey()));
        };
    }

    private static KeyMaterial fromSecret(String name, String id, String base64) {
        if (id == null || id.isBlank() || base64 == null || base64.isBlank()) {
            throw new IllegalStateException(name + " and its -id must be provided (environment or secret) when hub.masking.key-provider=secret");
        }
        return new KeyMaterial(id, Base64.getDecoder().decode(base64.trim()));
    }
}
