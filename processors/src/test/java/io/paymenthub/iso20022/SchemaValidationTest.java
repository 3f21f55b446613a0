package io.paymenthub.iso20022;

import io.paymenthub.payment.MessageRejected;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SchemaValidationTest {

    private final Iso20022Documents documents = new Iso20022Documents(Iso20022Documents.DEFAULTS);

    @Test
    void aMissingMandatoryElementIsNamed() {
        assertThatThrownBy(() -> documents.parse(sample("pacs008-missing-amount.xml").getBytes(StandardCharsets.UTF_8), Instant.EPOCH))
                .isInstanceOf(MessageRejected.class)
                .hasMessage("CdtTrfTxInf/IntrBkSttlmDt: element not allowed here; expected PmtTpInf or IntrBkSttlmAmt");
        String noSettlementMethod = sample("pacs008-in.xml", "<SttlmMtd>[^<]*</SttlmMtd>", "");
        assertThatThrownBy(() -> documents.parse(noSettlementMethod.getBytes(StandardCharsets.UTF_8), Instant.EPOCH))
                .hasMessage("GrpHdr/SttlmInf/SttlmMtd: missing");
    }

    @Test
    void elementsOutOfOrderOrUnknownAreRefusedWhereTheyStand() {
        String unknown = sample("pacs008-in.xml", "<ChrgBr>", "<Nickname>x</Nickname><ChrgBr>");
        assertThatThrownBy(() -> documents.parse(unknown.getBytes(StandardCharsets.UTF_8), Instant.EPOCH))
                .hasMessageStartingWith("CdtTrfTxInf/Nickname: element not allowed here; expected ");
    }

    @Test
    void aCodeOutsideTheCodeListIsRefused() {
        String badCode = sample("pacs008-in.xml", "<ChrgBr>SLEV</ChrgBr>", "<ChrgBr>FREE</ChrgBr>");
        assertThatThrownBy(() -> documents.parse(badCode.getBytes(StandardCharsets.UTF_8), Instant.EPOCH))
                .hasMessage("CdtTrfTxInf/ChrgBr: not one of the codes the schema allows");
    }

    @Test
    void theRejectionNeverQuotesTheOffendingValue() {
        String cardInAmount = sample("pacs008-in.xml", "<IntrBkSttlmAmt Ccy=\"INR\">[^<]*<", "<IntrBkSttlmAmt Ccy=\"INR\">4111111111111111x<");
        MessageRejected rejected = catchThrowableOfType(MessageRejected.class,
                () -> documents.parse(cardInAmount.getBytes(StandardCharsets.UTF_8), Instant.EPOCH));

        assertThat(rejected.field()).isEqualTo("CdtTrfTxInf/IntrBkSttlmAmt");
        assertThat(rejected.getMessage()).doesNotContain("4111");
    }

    @Test
    void theDocumentInsideAnEnvelopeIsWhatIsValidated() {
        String enveloped = "<Envelope><AppHdr xmlns=\"urn:iso:std:iso:20022:tech:xsd:head.001.001.02\"><BizMsgIdr>B-1</BizMsgIdr></AppHdr>"
                + sample("pacs008-in.xml", "<\\?xml[^>]*>", "") + "</Envelope>";

        assertThat((java.util.List<?>) documents.parse(enveloped.getBytes(StandardCharsets.UTF_8), Instant.EPOCH)).hasSize(1);
    }

    @Test
    void anOfficialSchemaInTheConfiguredDirectoryWinsWithItsFacets() throws URISyntaxException {
        Path directory = Path.of(SchemaValidationTest.class.getResource("/iso20022-xsd").toURI());
        Iso20022Documents official = new Iso20022Documents(Iso20022Documents.DEFAULTS, new Iso20022Schemas(directory));

        assertThatThrownBy(() -> official.parse(sample("pacs002-rjct.xml").getBytes(StandardCharsets.UTF_8), Instant.EPOCH))
                .hasMessage("GrpHdr/MsgId: does not match the format the schema requires");
        String schemeId = sample("pacs002-rjct.xml", "<MsgId>ICIC-STS-20250312-0091</MsgId>", "<MsgId>ICICSTS0091</MsgId>");
        assertThat(official.parse(schemeId.getBytes(StandardCharsets.UTF_8), Instant.EPOCH)).isInstanceOf(io.paymenthub.payment.StatusReport.class);
    }

    @Test
    void aDocumentDeeperThanTheLimitIsRefusedWhereTheSchemaAllowsAnyContent() {
        String deep = sample("pacs008-in.xml", "</CdtTrfTxInf>",
                "<SplmtryData><Envlp>" + "<x:a xmlns:x=\"urn:bank\">".repeat(100) + "</x:a>".repeat(100) + "</Envlp></SplmtryData></CdtTrfTxInf>");
        assertThatThrownBy(() -> documents.parse(deep.getBytes(StandardCharsets.UTF_8), Instant.EPOCH))
                .hasMessage("Document: nested deeper than 64 elements");
    }

    @Test
    void aDocumentInsideTheDocumentIsRefusedEvenWhereTheSchemaAllowsAnyContent() {
        String nested = sample("pacs008-in.xml", "</CdtTrfTxInf>",
                "<SplmtryData><Envlp><x:Document xmlns:x=\"urn:bank\"/></Envlp></SplmtryData></CdtTrfTxInf>");
        assertThatThrownBy(() -> documents.parse(nested.getBytes(StandardCharsets.UTF_8), Instant.EPOCH))
                .hasMessage("Document: a Document inside the Document");
    }

    @Test
    void aLongListOfExpectedElementsIsShortened() {
        String early = sample("pain001-in-3tx.xml", "</Amt>", "</Amt><Unknown/>");
        assertThatThrownBy(() -> documents.parse(early.getBytes(StandardCharsets.UTF_8), Instant.EPOCH))
                .hasMessageContaining("more").satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
    }

    @Test
    void aDefinitionWithNeitherSchemaNorModelStopsStartUp() {
        assertThatThrownBy(() -> new Iso20022Schemas(null).schemaOf("pain.001.001.99"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pain.001.001.99");
    }

    private static String sample(String name, String regex, String replacement) {
        return sample(name).replaceAll(regex, replacement);
    }

    private static String sample(String name) {
        try (InputStream in = SchemaValidationTest.class.getResourceAsStream("/samples/iso20022/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
