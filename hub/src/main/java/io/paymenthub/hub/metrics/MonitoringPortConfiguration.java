package io.paymenthub.hub.metrics;

import io.paymenthub.hub.config.HubProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.ResourceUtils;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.FileNotFoundException;
import java.io.IOException;

/**
 * The Prometheus scrape on a port of its own ({@code hub.monitoring.port}), so that a NetworkPolicy can open that
 * port to the monitoring namespace and nothing else: the port serves {@code /actuator/prometheus} only, and the main
 * port no longer serves it. Who may scrape is still Spring Security's rule (roles {@code monitoring} or {@code ops}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("${hub.monitoring.port:0} > 0")
class MonitoringPortConfiguration {

    static final String SCRAPE = "/actuator/prometheus";

    /** The same TLS as the main port, when it has TLS. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> monitoringConnector(HubProperties properties, ServerProperties server) {
        return factory -> {
            Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
            connector.setPort(properties.monitoring().port());
            Ssl ssl = server.getSsl();
            if (Ssl.isEnabled(ssl) && ssl.getKeyStore() != null) {
                connector.setScheme("https");
                connector.setSecure(true);
                connector.setProperty("SSLEnabled", "true");
                SSLHostConfig host = new SSLHostConfig();
                SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.UNDEFINED);
                certificate.setCertificateKeystoreFile(path(ssl.getKeyStore()));
                certificate.setCertificateKeystorePassword(ssl.getKeyStorePassword());
                certificate.setCertificateKeystoreType(ssl.getKeyStoreType() == null ? "PKCS12" : ssl.getKeyStoreType());
                host.addCertificate(certificate);
                connector.addSslHostConfig(host);
            }
            factory.addAdditionalTomcatConnectors(connector);
        };
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> monitoringPortOnlyScrapes(HubProperties properties) {
        int port = properties.monitoring().port();
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                boolean monitoringPort = request.getLocalPort() == port;
                boolean scrape = SCRAPE.equals(request.getRequestURI());
                if (monitoringPort != scrape) {
                    response.sendError(HttpServletResponse.SC_NOT_FOUND);
                    return;
                }
                chain.doFilter(request, response);
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);   // before Spring Security: nothing else is even looked at
        return registration;
    }

    private static String path(String location) {
        try {
            return ResourceUtils.getFile(location).getAbsolutePath();
        } catch (FileNotFoundException e) {
            throw new IllegalStateException("server.ssl.key-store " + location + " is not a file", e);
        }
    }
}
