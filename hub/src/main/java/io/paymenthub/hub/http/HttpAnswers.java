package io.paymenthub.hub.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.hub.delivery.PendingDeliveries;
import io.paymenthub.payment.MessageRejected;
import io.paymenthub.payment.StatusReport;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answers of {@code POST /api/v1/messages}: 202 with the accepted message ids once stored, 400 as
 * {@code application/problem+json} naming the element and the reason, 503 when the datastore cannot store now.
 */
@Configuration(proxyBeanMethods = false)
class HttpAnswers {

    private static final String PROBLEM_JSON = "application/problem+json";

    @Bean
    Processor answerHttpAccepted(ObjectMapper json) {
        return exchange -> {
            Map<String, Object> body = new LinkedHashMap<>();
            PendingDeliveries deliveries = exchange.getProperty(PendingDeliveries.PROPERTY, PendingDeliveries.class);
            body.put("message_ids", deliveries.messageIds());
            if (exchange.getMessage().getBody() instanceof StatusReport report) {
                body.put("status_report", report.reportId());
                body.put("status_updates", report.updates().size());
            }
            answer(exchange, 202, "application/json", json.writeValueAsBytes(body));
        };
    }

    @Bean
    Processor answerHttpRejected(ObjectMapper json) {
        return exchange -> {
            MessageRejected rejected = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, MessageRejected.class);
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "urn:payment-hub:problem:message-rejected");
            problem.put("title", "Message rejected");
            problem.put("status", 400);
            problem.put("detail", rejected != null ? rejected.reason()
                    : exchange.getMessage().getHeader("hub-reason", "rejected", String.class));
            problem.put("field", rejected != null ? rejected.field() : null);
            answer(exchange, 400, PROBLEM_JSON, json.writeValueAsBytes(problem));
        };
    }

    @Bean
    Processor answerHttpUnavailable(ObjectMapper json) {
        return exchange -> {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "urn:payment-hub:problem:not-stored");
            problem.put("title", "Not stored, retry later");
            problem.put("status", 503);
            problem.put("detail", "the message could not be stored now; sending it again is safe");
            answer(exchange, 503, PROBLEM_JSON, json.writeValueAsBytes(problem));
        };
    }

    private static void answer(Exchange exchange, int status, String contentType, byte[] body) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
        exchange.getMessage().setBody(body);
    }
}
