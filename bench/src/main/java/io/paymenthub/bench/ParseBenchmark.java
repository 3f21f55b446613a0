package io.paymenthub.bench;

import com.solab.iso8583.IsoMessage;
import io.paymenthub.carddata.KeyMaterial;
import io.paymenthub.carddata.PanMasking;
import io.paymenthub.carddata.PanTokenizer;
import io.paymenthub.carddata.SensitiveDataWiper;
import io.paymenthub.iso20022.Iso20022Documents;
import io.paymenthub.iso8583.Iso8583Dialect;
import io.paymenthub.iso8583.Iso8583Parser;
import io.paymenthub.payment.Card;
import io.paymenthub.payment.Payment;
import io.paymenthub.privacy.PersonalDataRules;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * CPU per message of the processors' hot path: parse → wipe sensitive data → tokenize and truncate the PAN
 * (ISO 8583), parse → mask personal data (pacs.008). DESIGN.md §4 asks for ≤ 10 µs for ISO 8583.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParseBenchmark {

    private Iso8583Dialect dialect;
    private Iso8583Parser iso8583;
    private SensitiveDataWiper wiper;
    private PanTokenizer tokenizer;
    private Iso20022Documents iso20022;
    private PersonalDataRules rules;
    private byte[] purchase;
    private byte[] pacs008;

    @Setup
    public void setUp() throws Exception {
        dialect = new Iso8583Dialect(Path.of("config/iso8583/iso87-ascii.xml").toUri().toURL(), false);
        iso8583 = new Iso8583Parser(dialect);
        wiper = new SensitiveDataWiper(dialect);
        tokenizer = new PanTokenizer(new KeyMaterial("bench", new byte[32]));
        iso20022 = new Iso20022Documents(Iso20022Documents.DEFAULTS);
        rules = PersonalDataRules.defaults();
        purchase = Samples.iso8583Purchase();
        pacs008 = Samples.resource("pacs008-in.xml");
    }

    /** As the hub does it: read once, the payment taken from the message read, then that message wiped. */
    @Benchmark
    public Object iso8583ParseScrubTokenize() {
        IsoMessage message = dialect.read(purchase);
        Payment payment = iso8583.parse(message, Instant.EPOCH);
        byte[] kept = wiper.wipe(message, null);
        String pan = ((Card.ClearPan) payment.card()).pan();
        return new Object[] {payment.withCard(new Card.ProtectedPan(tokenizer.token(pan), tokenizer.keyId(), PanMasking.mask(pan))), kept};
    }

    @Benchmark
    public Object iso8583Parse() {
        return iso8583.parse(purchase, Instant.EPOCH);
    }

    @Benchmark
    public Object pacs008ParseMask() {
        @SuppressWarnings("unchecked")
        Payment payment = ((List<Payment>) iso20022.parse(pacs008, Instant.EPOCH)).get(0);
        return payment.withPersonalData(rules.mask(payment.personalData()));
    }
}
