package io.paymenthub.hub.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;

/**
 * A stand-in for the two AWS KMS operations the hub calls (GenerateDataKey, Decrypt), speaking KMS's JSON protocol
 * on a local port so that the real SDK client is exercised end to end. It wraps with AES-GCM under its own master
 * key and binds the encryption context as authenticated data, as KMS does; it is not KMS.
 */
final class FakeKmsServer implements AutoCloseable {

    static final String ALIAS = "alias/payment-hub-test";
    static final String ARN = "arn:aws:kms:ap-south-1:000000000000:key/11111111-2222-3333-4444-555555555555";

    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec master;
    private final HttpServer server;
    final List<String> calls = new ArrayList<>();
    final List<JsonNode> requests = new ArrayList<>();

    FakeKmsServer() throws IOException {
        byte[] masterKey = new byte[32];
        random.nextBytes(masterKey);
        master = new SecretKeySpec(masterKey, "AES");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        String operation = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        JsonNode request = json.readTree(exchange.getRequestBody());
        calls.add(operation);
        requests.add(request);
        try {
            ObjectNode response = switch (operation) {
                case "TrentService.GenerateDataKey" -> generateDataKey(request);
                case "TrentService.Decrypt" -> decrypt(request);
                default -> throw new IllegalArgumentException("UnsupportedOperationException");
            };
            reply(exchange, 200, response);
        } catch (GeneralSecurityException e) {
            reply(exchange, 400, json.createObjectNode().put("__type", "InvalidCiphertextException").put("message", "cannot decrypt"));
        } catch (IllegalArgumentException e) {
            reply(exchange, 400, json.createObjectNode().put("__type", e.getMessage()).put("message", e.getMessage()));
        }
    }

    private ObjectNode generateDataKey(JsonNode request) throws GeneralSecurityException {
        requireKey(request);
        if (!"AES_256".equals(request.path("KeySpec").asText())) {
            throw new IllegalArgumentException("ValidationException");
        }
        byte[] plaintext = new byte[32];
        random.nextBytes(plaintext);
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, master, new GCMParameterSpec(128, iv));
        cipher.updateAAD(context(request));
        byte[] sealed = cipher.doFinal(plaintext);
        byte[] blob = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
        return json.createObjectNode()
                .put("KeyId", ARN)
                .put("Plaintext", Base64.getEncoder().encodeToString(plaintext))
                .put("CiphertextBlob", Base64.getEncoder().encodeToString(blob));
    }

    private ObjectNode decrypt(JsonNode request) throws GeneralSecurityException {
        requireKey(request);
        byte[] blob = Base64.getDecoder().decode(request.path("CiphertextBlob").asText());
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, master, new GCMParameterSpec(128, blob, 0, 12));
        cipher.updateAAD(context(request));
        byte[] plaintext = cipher.doFinal(blob, 12, blob.length - 12);
        return json.createObjectNode()
                .put("KeyId", ARN)
                .put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT")
                .put("Plaintext", Base64.getEncoder().encodeToString(plaintext));
    }

    private static void requireKey(JsonNode request) {
        String keyId = request.path("KeyId").asText();
        if (!keyId.equals(ALIAS) && !keyId.equals(ARN)) {
            throw new IllegalArgumentException("NotFoundException");
        }
    }

    private byte[] context(JsonNode request) {
        TreeMap<String, String> sorted = new TreeMap<>();
        request.path("EncryptionContext").fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
        return sorted.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void reply(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
