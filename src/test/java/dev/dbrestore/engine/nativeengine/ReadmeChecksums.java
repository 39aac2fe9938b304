package dev.dbrestore.engine.nativeengine;

import java.util.Map;
import java.util.TreeMap;

/** pagila/README.md's checksum table, as the source database held it (acme's is parsed by Fixtures.expectedAcme). */
final class ReadmeChecksums {
    private ReadmeChecksums() {
    }

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
