package io.paymenthub.hub.sqs;

import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The steps the {@code ingest-sqs} route names. */
@Configuration(proxyBeanMethods = false)
class SqsProcessors {

    /** SQS bodies are text: ISO 8583 ASCII or XML as is, or base64 when the attribute {@code hub-encoding=base64}. */
    @Bean
    Processor decodeSqsBody() {
        return exchange -> {
            String body = exchange.getMessage().getBody(String.class);
            boolean base64 = "base64".equalsIgnoreCase(exchange.getMessage().getHeader("hub-encoding", String.class));
            exchange.getMessage().setBody(base64 ? Base64.getMimeDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8));
        };
    }

    @Bean
    Processor acknowledgeSqsMessage(SqsDeletions deletions) {
        return deletions::acknowledge;
    }

    @Bean
    Processor keepSqsMessage(SqsDeletions deletions) {
        return deletions::flushIfLast;
    }
}
