package io.paymenthub.hub.forwarding;

import io.paymenthub.carddata.SensitiveDataWiper;
import io.paymenthub.forwarding.ForwardSealer;
import io.paymenthub.forwarding.OpenSealedEnvelopeProcessor;
import io.paymenthub.forwarding.SealForHomeRegionProcessor;
import io.paymenthub.forwarding.SealPublicKey;
import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.keys.HubKeys;
import io.paymenthub.residency.QuarantineUnforwardableProcessor;
import io.paymenthub.residency.ResidencyPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sealed forwarding (docs/security.md): FOREIGN payments are sealed with their home region's public key, and
 * envelopes other regions sealed for this one are opened with its forwarding keys. A seal key that does not read
 * refuses the start-up; a region without one has its payments quarantined, never forwarded in clear.
 */
@Configuration(proxyBeanMethods = false)
class ForwardingConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ForwardingConfiguration.class);

    @Bean
    SealForHomeRegionProcessor sealForHomeRegion(SensitiveDataWiper wiper, HubProperties properties) {
        Map<String, ForwardSealer> sealers = new LinkedHashMap<>();
        properties.residency().regions().forEach((id, region) -> {
            String configured = region.sealPublicKey();
            if (configured == null || configured.isBlank()) {
                if (!id.equals(properties.region())) {
                    LOG.warn("Region {} has no seal-public-key: its payments are quarantined here, not forwarded"
                            + " (hub.residency.regions.{}.seal-public-key)", id, id);
                }
                return;
            }
            SealPublicKey key;
            try {
                key = SealPublicKey.parse(configured);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("hub.residency.regions." + id + ".seal-public-key: " + e.getMessage(), e);
            }
            if (!id.equals(properties.region())) {
                sealers.put(id, new ForwardSealer(properties.region(), id, key, Clock.systemUTC()));
                LOG.info("Payments of region {} are forwarded sealed with its key {}", id, key.keyId());
            }
        });
        return new SealForHomeRegionProcessor(wiper, sealers);
    }

    @Bean
    OpenSealedEnvelopeProcessor openSealedEnvelope(HubKeys keys, HubProperties properties) {
        String region = properties.region();
        return new OpenSealedEnvelopeProcessor(() -> keys.ring().envelopeOpener(region));
    }

    @Bean
    QuarantineUnforwardableProcessor quarantineUnforwardable(HubProperties properties) {
        ResidencyPolicy policy = properties.residencyPolicy();
        return new QuarantineUnforwardableProcessor(policy);
    }
}
