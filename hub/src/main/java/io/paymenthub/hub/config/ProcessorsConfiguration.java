package io.paymenthub.hub.config;

import io.paymenthub.carddata.ScrubSensitiveDataProcessor;
import io.paymenthub.carddata.SensitiveDataWiper;
import io.paymenthub.carddata.TokenizePanProcessor;
import io.paymenthub.hub.keys.HubKeys;
import io.paymenthub.ingest.BuildDeadLetterEnvelopeProcessor;
import io.paymenthub.ingest.DetectFormatProcessor;
import io.paymenthub.ingest.IngestChoices;
import io.paymenthub.iso20022.Iso20022Documents;
import io.paymenthub.iso20022.Iso20022Schemas;
import io.paymenthub.iso20022.ParseIso20022Processor;
import io.paymenthub.iso8583.BinCountries;
import io.paymenthub.iso8583.Iso8583Dialect;
import io.paymenthub.iso8583.Iso8583Dialects;
import io.paymenthub.iso8583.Iso8583Parser;
import io.paymenthub.iso8583.ParseIso8583Processor;
import io.paymenthub.privacy.MaskPersonalDataProcessor;
import io.paymenthub.residency.DecideResidencyProcessor;
import io.paymenthub.residency.QuarantineForeignInBulkProcessor;
import org.apache.camel.Predicate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The processor and predicate beans the YAML routes refer to by name ({@code process: { ref: parseIso8583 }}). */
@Configuration(proxyBeanMethods = false)
class ProcessorsConfiguration {

    @Bean
    Iso8583Dialect iso8583Dialect(HubProperties properties, ResourceLoader resources) {
        return readDialect(properties.iso8583().dialect(), properties, resources);
    }

    /** The default layout, and those an ISO 8583 listener names ({@code dialect} of the iso8583-feed template). */
    @Bean
    Iso8583Dialects iso8583Dialects(Iso8583Dialect dialect, HubProperties properties, ResourceLoader resources) {
        return new Iso8583Dialects(properties.iso8583().dialect(), dialect, location -> readDialect(location, properties, resources));
    }

    private static Iso8583Dialect readDialect(String location, HubProperties properties, ResourceLoader resources) {
        try {
            return new Iso8583Dialect(resources.getResource(location).getURL(), properties.iso8583().binaryBitmap());
        } catch (IOException e) {
            throw new UncheckedIOException("ISO 8583 dialect not found: " + location, e);
        }
    }

    @Bean
    SensitiveDataWiper sensitiveDataWiper(Iso8583Dialects dialects) {
        return new SensitiveDataWiper(dialects);
    }

    @Bean
    DetectFormatProcessor detectFormat() {
        return new DetectFormatProcessor();
    }

    @Bean
    Predicate iso8583Message() {
        return IngestChoices.iso8583Message();
    }

    @Bean
    Predicate statusReport() {
        return IngestChoices.statusReport();
    }

    @Bean
    ParseIso8583Processor parseIso8583(Iso8583Dialects dialects, HubProperties properties, ResourceLoader resources) {
        String binTable = properties.iso8583().binTable();
        try {
            BinCountries bins = binTable == null || binTable.isBlank() ? BinCountries.none()
                    : BinCountries.read(resources.getResource(binTable).getURL());
            return new ParseIso8583Processor(dialects, new Iso8583Parser(dialects.defaultDialect(), bins));
        } catch (IOException e) {
            throw new UncheckedIOException("hub.iso8583.bin-table not found: " + binTable, e);
        }
    }

    @Bean
    ParseIso20022Processor parseIso20022(HubProperties properties) {
        HubProperties.Iso20022 iso20022 = properties.iso20022();
        return new ParseIso20022Processor(new Iso20022Documents(iso20022.messages(), new Iso20022Schemas(iso20022.schemaDir())));
    }

    @Bean
    MaskPersonalDataProcessor maskPersonalData(HubProperties properties) {
        return new MaskPersonalDataProcessor(properties.iso20022().masking());
    }

    @Bean
    QuarantineForeignInBulkProcessor quarantineForeignInBulk() {
        return new QuarantineForeignInBulkProcessor();
    }

    @Bean
    ScrubSensitiveDataProcessor scrubSensitiveData(SensitiveDataWiper wiper) {
        return new ScrubSensitiveDataProcessor(wiper);
    }

    /** The one PAN tokenizer: ingest stores its tokens, the query API's search-by-pan matches them. */
    @Bean
    TokenizePanProcessor tokenizePan(HubKeys keys) {
        return new TokenizePanProcessor(keys::newestPanTokenizer);
    }

    @Bean
    DecideResidencyProcessor decideResidency(HubProperties properties) {
        return new DecideResidencyProcessor(properties.residencyPolicy());
    }

    @Bean
    BuildDeadLetterEnvelopeProcessor buildDeadLetterEnvelope(SensitiveDataWiper wiper, HubKeys keys) {
        return new BuildDeadLetterEnvelopeProcessor(wiper, keys::payloadSealer);
    }
}
