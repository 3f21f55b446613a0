package io.paymenthub.hub.keys;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

import java.util.Map;

/** AWS KMS behind {@link DataKeyService}: GenerateDataKey and Decrypt, nothing else. */
final class AwsKmsDataKeys implements DataKeyService, AutoCloseable {

    private final KmsClient kms;
    private final String masterKeyId;

    /** @param masterKeyId the KMS key (id, ARN, alias name or alias ARN) that wraps the hub's data keys */
    AwsKmsDataKeys(KmsClient kms, String masterKeyId) {
        this.kms = kms;
        this.masterKeyId = masterKeyId;
    }

    @Override
    public DataKey generate(Map<String, String> context) {
        GenerateDataKeyResponse response = kms.generateDataKey(request -> request
                .keyId(masterKeyId)
                .keySpec(DataKeySpec.AES_256)
                .encryptionContext(context));
        return new DataKey(response.plaintext().asByteArray(), response.ciphertextBlob().asByteArray(), response.keyId());
    }

    @Override
    public byte[] unwrap(String wrappingKeyId, byte[] wrapped, Map<String, String> context) {
        return kms.decrypt(request -> request
                .keyId(wrappingKeyId)
                .ciphertextBlob(SdkBytes.fromByteArray(wrapped))
                .encryptionContext(context))
                .plaintext().asByteArray();
    }

    @Override
    public void close() {
        kms.close();
    }
}
