package io.paymenthub.hub.archive;

import io.paymenthub.archive.ArchiveEnvelope;
import io.paymenthub.hub.delivery.GroupCommit;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ArchiveConfiguration {

    /** The archive writer's thread, as a lifecycle bean so it starts before the consumers and stops after them. */
    @Bean
    @ConditionalOnProperty(name = "hub.archive.enabled", havingValue = "true")
    GroupCommit<ArchiveEnvelope.Entry> archiveWriterLifecycle(RegionalArchive archive) {
        return archive.lifecycle();
    }
}
