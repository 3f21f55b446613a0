package io.paymenthub.iso8583;

import com.solab.iso8583.IsoMessage;
import com.solab.iso8583.IsoType;
import io.paymenthub.ingest.ExchangeKeys;
import io.paymenthub.payment.MessageRejected;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.Arrays;

/**
 * Answers an ISO 8583 request with its response MTI (request + 10; a repeat as its first copy: 0201 → 0210) and
 * DE 39, echoing the fields a sender matches on (DE 11, 37, 41) and the transaction's non-sensitive data, each only
 * when it holds to its format. The PAN, track, PIN and EMV data are never echoed. A format error ({@code 30})
 * names the rejected field's number, never its value, where the dialect says ({@code <format-error-answer
 * field="44"/>}). A request too broken to answer gets no reply: the body is emptied and the connection closed.
 */
public final class AnswerIso8583Processor implements Processor {

    public static final String APPROVED = "00";
    public static final String FORMAT_ERROR = "30";
    public static final String SYSTEM_MALFUNCTION = "96";

    /** Processing code, amount, transmission time, STAN, local time/date, acquirer, RRN, terminal, merchant, currency. */
    private static final int[] ECHOED = {3, 4, 7, 11, 12, 13, 32, 37, 41, 42, 49};
    private static final int RESPONSE_CODE = 39;

    private final Iso8583Dialects dialects;
    private final String responseCode;

    public AnswerIso8583Processor(Iso8583Dialect dialect, String responseCode) {
        this(Iso8583Dialects.only(dialect), responseCode);
    }

    /** Answers in the field layout of the listener that received the request. */
    public AnswerIso8583Processor(Iso8583Dialects dialects, String responseCode) {
        this.dialects = dialects;
        this.responseCode = responseCode;
    }

    @Override
    public void process(Exchange exchange) {
        byte[] request = exchange.getProperty(ExchangeKeys.RAW_MESSAGE, byte[].class);
        if (request == null) {
            request = exchange.getMessage().getBody(byte[].class);
        }
        int rejectedField = rejectedField(exchange);
        exchange.getMessage().removeHeaders("*");
        Iso8583Dialect dialect = dialects.of(exchange);
        try {
            exchange.getMessage().setBody(dialect.write(answer(dialect, request, rejectedField)));
        } catch (MessageRejected unanswerable) {
            exchange.getMessage().setBody(null);
        }
    }

    private IsoMessage answer(Iso8583Dialect dialect, byte[] wire, int rejectedField) {
        IsoMessage request = dialect.readUnchecked(wire);
        FieldWalk.Verdicts verdicts = dialect.verdicts(wire);
        IsoMessage response = new IsoMessage();
        response.setType(responseType(request.getType()));
        response.setBinaryBitmap(request.isBinaryBitmap());
        response.setCharacterEncoding(request.getCharacterEncoding());
        // a field that breaks its format is not echoed: it may be card digits read out of place, or anything at all
        response.copyFieldsFrom(request, Arrays.stream(ECHOED)
                .filter(field -> request.hasField(field) && verdicts.conforms(field)).toArray());
        response.setValue(RESPONSE_CODE, responseCode, IsoType.ALPHA, 2);
        int carrier = dialect.formatErrorField();
        if (responseCode.equals(FORMAT_ERROR) && carrier > 0 && rejectedField > 0) {
            PackagerFile.FieldSpec spec = dialect.fieldSpec(response.getType(), carrier);
            if (spec == null) {
                spec = dialect.fieldSpec(request.getType(), carrier);
            }
            if (spec != null) {
                IsoType type = IsoType.valueOf(spec.type());
                response.setValue(carrier, String.format("%03d", rejectedField), type, type.needsLength() ? spec.length() : 0);
            }
        }
        return response;
    }

    /**
     * Request + 10 with the origin's repeat bit cleared (x1 → x0, x3 → x2, x5 → x4), so a repeat gets the answer
     * its first copy got: 0201 → 0210, 0421 → 0430.
     */
    static int responseType(int requestType) {
        return (requestType + 0x10) & ~0x1;
    }

    /** The data element a rejection names ({@code DE49} → 49); 0 for none, or for MTI and bitmap. */
    private static int rejectedField(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (cause instanceof MessageRejected rejected && rejected.field().matches("DE\\d{1,3}")) {
            return Integer.parseInt(rejected.field().substring(2));
        }
        return 0;
    }
}
