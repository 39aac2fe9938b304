package dev.dbrestore.sanitize;

import com.google.common.hash.Hashing;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The fingerprints: SipHash as specified, what a lookup finds, and the false-positive rate measured. */
class LeakFingerprintsTest {
    private static final String RULE = "public.auth_user.email";

    /** The rules a text value hits, each once (several lookups of one value may find the same fingerprint). */
    private static List<Integer> hits(LeakFingerprints f, String text) {
        List<Integer> hits = new ArrayList<>();
        f.lookup(text, hits::add);
        return hits.stream().distinct().toList();
    }

    @Test
    void sipHashEqualsGuavasSipHash24OverTheSameUtf16Bytes() {
        Random random = new Random(7);
        for (int n = 0; n < 40; n++) {
            long k0 = random.nextLong();
            long k1 = random.nextLong();
            char[] chars = new char[n];
            for (int i = 0; i < n; i++) {
                chars[i] = (char) random.nextInt(0x3000);
            }
            long expected = Hashing.sipHash24(k0, k1).hashUnencodedChars(new String(chars)).asLong();
            assertThat(new LeakFingerprints.SipHash(k0, k1).hash(chars, 0, n)).as("length %d", n).isEqualTo(expected);
        }
    }

    @Test
    void findsWholeValuesEmailsInJsonNamePairsAndPhonesWrittenDifferently() {
        LeakFingerprints f = new LeakFingerprints();
        f.rawValue(RULE, "Jane.Doe@Example.com");
        f.rawValue("public.auth_user.first_name", "Margarethe");
        f.rawValue("public.store_purchase.last_name", "van  der Berg");
        f.rawValue("public.auth_user.phone", "+44 20 7946 0123");
        f.rawValue("public.auth_user.first_name", "Al"); // too short to mean anything

        assertThat(hits(f, "jane.doe@example.com")).containsExactly(0);
        assertThat(hits(f, "{\"to\": \"JANE.DOE@example.com\", \"cc\": []}")).containsExactly(0);
        assertThat(hits(f, "Dear Margarethe, thanks.")).containsExactly(1);
        assertThat(hits(f, "Mr van der Berg called")).containsExactly(2);
        assertThat(hits(f, "call (44) 20-7946-0123 today")).containsExactly(3);
        assertThat(hits(f, "{\"phone\":\"+442079460123\"}")).containsExactly(3);
        assertThat(f.rules()).containsExactly(RULE, "public.auth_user.first_name", "public.store_purchase.last_name",
                "public.auth_user.phone");

        assertThat(hits(f, "Al")).isEmpty();
        assertThat(hits(f, "jane.doe@example.org, Margaret, 20 7946 012, van der")).isEmpty();
        assertThat(f.size()).isEqualTo(5); // email, name, name, phone text, phone digits
    }

    @Test
    void tableGrowsAndKeepsTheFirstRuleOfAValue() {
        LeakFingerprints f = new LeakFingerprints();
        for (int i = 0; i < 100_000; i++) {
            f.rawValue(RULE, "user" + i + "@example.net");
        }
        f.rawValue("public.newsletter_subscriber.email", "user5@example.net");
        assertThat(f.size()).isEqualTo(100_000);
        assertThat(hits(f, "USER99999@example.net")).containsExactly(0);
        assertThat(hits(f, "user5@example.net")).containsExactly(0);
        // 2^18 slots of 10 bytes (100,000 values need more than 2^17 * 2/3)
        assertThat(f.bytes()).isEqualTo((1L << 18) * LeakFingerprints.SLOT_BYTES);
    }

    /**
     * Two tables loading at once feed their own takers on their own threads; once flushed, the store
     * holds every value of both under the right rule, as if fed one by one — and nothing is in it
     * before the flush (values wait in the taker's batch).
     */
    @Test
    void takersOnSeveralThreadsFeedOneStore() throws Exception {
        LeakFingerprints f = new LeakFingerprints();
        int email = f.ruleIndex(RULE);
        int phone = f.ruleIndex("public.store_purchase.phone");
        LeakFingerprints.Taker emails = f.taker();
        LeakFingerprints.Taker phones = f.taker();
        emails.rawValue(email, "first@example.net");
        assertThat(f.size()).isZero();
        Thread a = new Thread(() -> {
            for (int i = 0; i < 200_000; i++) {
                emails.rawValue(email, "user" + i + "@example.net");
            }
        });
        Thread b = new Thread(() -> {
            for (int i = 0; i < 200_000; i++) {
                phones.rawValue(phone, String.format("+31 6 %08d", i));
            }
        });
        a.start();
        b.start();
        a.join();
        b.join();
        emails.flush();
        phones.flush();
        // 200,001 e-mails; 200,000 phones, each as text and as digits
        assertThat(f.size()).isEqualTo(200_001 + 400_000);
        assertThat(hits(f, "first@example.net")).containsExactly(0);
        assertThat(hits(f, "mail from USER199999@example.net")).containsExactly(0);
        assertThat(hits(f, "call 06-00012345")).isEmpty();
        assertThat(hits(f, "call +31 6 0001 2345")).containsExactly(1);
        assertThat(f.rules()).containsExactly(RULE, "public.store_purchase.phone");
    }

    /**
     * 1,000,000 fingerprinted values, 1,000,000 random values that match none of them: each lookup may
     * hit with probability n / 2^64 = 5.4e-14 (documented bound), so the expected number of false hits
     * over every lookup is ~1e-7; measured: 0.
     */
    @Test
    void falsePositiveRateOnAMillionRandomNonMatchingValues() {
        LeakFingerprints f = new LeakFingerprints();
        Random random = new Random(42);
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            f.rawValue(RULE, "a" + Long.toHexString(random.nextLong()) + "@example.com");
        }
        assertThat(f.size()).isEqualTo(n);
        long[] lookups = {0};
        long falseHits = 0;
        for (int i = 0; i < n; i++) {
            // a different alphabet prefix: no value here equals a fingerprinted one
            String value = "b" + Long.toHexString(random.nextLong()) + "@example.com " + Long.toHexString(random.nextLong());
            lookups[0] += 4; // whole value, two words, one pair (no three words here)
            falseHits += hits(f, value).size();
        }
        double documentedBound = (double) n / Math.pow(2, 64);
        System.out.printf("leak-scan false positives: %d in %d lookups (measured rate %.2e; documented bound %.2e per lookup)%n",
                falseHits, lookups[0], (double) falseHits / lookups[0], documentedBound);
        assertThat(falseHits).isZero();
    }
}
