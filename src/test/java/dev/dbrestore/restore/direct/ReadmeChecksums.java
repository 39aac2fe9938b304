package dev.dbrestore.restore.direct;

import java.util.Map;
import java.util.TreeMap;

/** The checksum tables of the fixture READMEs, as the source databases held them. */
final class ReadmeChecksums {
    private ReadmeChecksums() {
    }

    /** acme/README.md, in the form of {@link Fingerprint#acmeChecksums}: name -> "rows md5". */
    static final Map<String, String> ACME = new TreeMap<>(Map.ofEntries(
            Map.entry("billing.invoice", "600 539372db6b22e165ae6bbf72ab320fbf"),
            Map.entry("billing.refund", "0 d41d8cd98f00b204e9800998ecf8427e"),
            Map.entry("billing.subscription", "100 76818a4dc6e84fe82ed0e7fbee6edd18"),
            Map.entry("large objects", "3 e4d2a4d7c821a17f3c7abf4ca116d2c6"),
            Map.entry("public.Order Items", "1500 a1b2e251fbe8217b98a5a9c022fb47c1"),
            Map.entry("public.auth_user", "500 7fd4cef260d4298d1567211033c6ea8b"),
            Map.entry("public.daily_sales", "475 351429142f58f485a196c63519fdbbb6"),
            Map.entry("public.django_cache", "10 9ca5c638c3971bf9f71b06b175398663"),
            Map.entry("public.django_migrations", "12 ae89d1f0e1f1c625d65c948059d24cf1"),
            Map.entry("public.django_session", "200 d33608f7b69a67905defa216cdfb4618"),
            Map.entry("public.document", "20 9a23b5094e6eab685c126695e6d95633"),
            Map.entry("public.event_log", "400 a3ea70ccc9c66ca5519f8c8e0d658141"),
            Map.entry("public.event_log_2024", "200 98c3db5864a35ab8b71b8b99588e03e9"),
            Map.entry("public.event_log_2025", "200 5b8d075c068ac1f8d6c7d02c4ef08ada"),
            Map.entry("public.export_file", "3 5a201795454128bd4a32b890f8ea2815"),
            Map.entry("public.newsletter_subscriber", "300 37525dee67379e842b2962f1ce89f439"),
            Map.entry("public.store_purchase", "800 d4053e1f14deee0e724246c81183801e"),
            Map.entry("public.store_transaction", "1000 36f96a4676b5cd1305c30f37d4470f7a"),
            Map.entry("seq billing.invoice_number_seq", "900001 true"),
            Map.entry("seq public.order_ref_seq", "4242 false")));

    /** pagila/README.md, in the form of {@link Fingerprint#data} (tables only): table -> "rows md5". */
    static final Map<String, String> PAGILA = new TreeMap<>(Map.ofEntries(
            Map.entry("public.actor", "200 fe2fae351f84dfdb05de2cdbc099773b"),
            Map.entry("public.address", "603 7d6f740627ec64b1416981823c232fc3"),
            Map.entry("public.category", "16 3c50b9f28a475b6fbca7493b7e6cd579"),
            Map.entry("public.city", "600 02ebd5d239e93fa9f7479f0008867243"),
            Map.entry("public.country", "109 1606e3221984fb655b984569f20a470f"),
            Map.entry("public.customer", "599 e8d1b8b03584f6d6232ee831905286ab"),
            Map.entry("public.film", "1000 5b4e428a0e1ab896eed714c60f013739"),
            Map.entry("public.film_actor", "5462 72bb779554f3fac0e7b4f9ed59744604"),
            Map.entry("public.film_category", "2367 64236c32c5d189a432570bc13d0a0e7f"),
            Map.entry("public.inventory", "4581 3f82f90f5981d7ee57a154a0c14e0b39"),
            Map.entry("public.language", "6 650f9557ad1d5f544c567acb92d22f23"),
            Map.entry("public.payment", "16049 52c1ccaa9caa72426536c9f3aa64b3c4"),
            Map.entry("public.payment_p2022_01", "723 89ba535b0c64d12922e5d1c63b96dfc0"),
            Map.entry("public.payment_p2022_02", "2401 90c88ca0c14deb6c8ded0f3b35cf6512"),
            Map.entry("public.payment_p2022_03", "2713 ef084aa4e030d15aa3ded7eb05381ec9"),
            Map.entry("public.payment_p2022_04", "2547 fed34e955b917e0c1d11b11dbd464eb7"),
            Map.entry("public.payment_p2022_05", "2677 bdb484f859e4572c28a25e949448e39b"),
            Map.entry("public.payment_p2022_06", "2654 ce1629bca9df57a648b8fb805c33831a"),
            Map.entry("public.payment_p2022_07", "2334 ebe576feab35a3fd6f2a17256b6aed38"),
            Map.entry("public.rental", "16044 63cc432c5d7d1dc22f41d2fd903ddc88"),
            Map.entry("public.staff", "1500 3199d68d3be5415c64ed1f252343ff55"),
            Map.entry("public.store", "500 603203726c3f82a8c527483bd924f8d6")));
}
