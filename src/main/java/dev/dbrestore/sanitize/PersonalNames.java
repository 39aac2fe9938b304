package dev.dbrestore.sanitize;

import dev.dbrestore.sanitize.SchemaCatalog.Column;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Does a column's name look like it holds personal data? The name is split into words
 * ({@code billingAddress2} → billing, address, 2; {@code e_mail} → e, mail) and each word, and each
 * pair of neighbouring words joined ({@code first}+{@code name}, {@code zip}+{@code code}), is looked
 * up in the list below.
 *
 * <p>A bare {@code name} column is personal only in a table whose name says it holds people
 * ({@code newsletter_subscriber.name}, not {@code document.name} or {@code django_migrations.name}).
 * Words that are also common in technical names ({@code table_name}, {@code filename},
 * {@code updated_at}) are not in the list. Boolean columns never count; date/time columns only
 * for birth dates; numbers only for phone, postal and identity numbers.
 */
final class PersonalNames {

    enum Kind { NAME, CONTACT, ADDRESS, IDENTITY, BIRTH, NETWORK, SECRET }

    private static final Map<String, Kind> WORDS = words();

    /** Words whose numbers are personal too (a phone stored as bigint); an {@code email_count} is not. */
    private static final Set<String> NUMERIC_TOO = Set.of("phone", "telephone", "tel", "mobile", "fax", "msisdn",
            "phonenumber", "zip", "zipcode", "postcode", "postalcode", "ssn", "socialsecurity", "card", "cardnumber",
            "ccnumber", "creditcard", "accountnumber", "taxid", "taxnumber", "nationalid", "passport", "salary",
            "birth", "birthday", "birthdate", "dob", "dateofbirth");

    private static final Set<String> PERSON_TABLES = Set.of(
            "user", "users", "customer", "customers", "subscriber", "subscribers", "person", "persons", "people",
            "member", "members", "contact", "contacts", "employee", "employees", "client", "clients", "patient",
            "patients", "profile", "profiles", "account", "accounts", "author", "authors", "recipient",
            "recipients", "student", "students", "guest", "guests", "buyer", "buyers", "owner", "owners",
            "applicant", "applicants", "lead", "leads", "staff", "signup", "signups");

    private PersonalNames() {
    }

    private static Map<String, Kind> words() {
        Map<String, Kind> m = new java.util.HashMap<>();
        for (String w : List.of("firstname", "lastname", "fullname", "surname", "forename", "givenname",
                "familyname", "middlename", "maidenname", "nickname", "displayname", "username", "customername",
                "contactname", "holdername", "cardholder", "personname", "billingname", "shippingname")) {
            m.put(w, Kind.NAME);
        }
        for (String w : List.of("email", "mail", "emailaddress", "phone", "telephone", "tel", "mobile", "cellphone",
                "fax", "msisdn", "phonenumber")) {
            m.put(w, Kind.CONTACT);
        }
        for (String w : List.of("address", "addr", "street", "zip", "zipcode", "postcode", "postalcode", "city",
                "housenumber")) {
            m.put(w, Kind.ADDRESS);
        }
        for (String w : List.of("ssn", "socialsecurity", "passport", "nationalid", "taxid", "taxnumber", "iban",
                "card", "cardnumber", "creditcard", "ccnumber", "cvv", "cvc", "accountnumber",
                "driverslicense", "gender", "salary")) {
            m.put(w, Kind.IDENTITY);
        }
        for (String w : List.of("birth", "birthday", "birthdate", "dob", "dateofbirth")) {
            m.put(w, Kind.BIRTH);
        }
        for (String w : List.of("ip", "ipaddress", "ipaddr", "macaddress", "useragent")) {
            m.put(w, Kind.NETWORK);
        }
        for (String w : List.of("password", "passwd", "pwd", "secret", "token", "apikey", "otp", "pin")) {
            m.put(w, Kind.SECRET);
        }
        return Map.copyOf(m);
    }

    /** Why {@code column} of table {@code tableName} looks personal, or empty. */
    static Optional<String> reason(String tableName, Column column) {
        List<String> words = split(column.name());
        if (words.equals(List.of("name")) && personTable(tableName) && column.isTextLike()) {
            return Optional.of("a name in a table of people");
        }
        for (int i = 0; i < words.size(); i++) {
            for (String candidate : i + 1 < words.size()
                    ? List.of(words.get(i) + words.get(i + 1), words.get(i)) : List.of(words.get(i))) {
                Kind kind = WORDS.get(candidate);
                if (kind != null && typeFits(candidate, kind, column)) {
                    return Optional.of("name looks personal (" + candidate + ")");
                }
            }
        }
        return Optional.empty();
    }

    private static boolean typeFits(String word, Kind kind, Column column) {
        return switch (column.category()) {
            case 'B' -> false;
            case 'D' -> kind == Kind.BIRTH;
            case 'N' -> NUMERIC_TOO.contains(word);
            default -> true;
        };
    }

    private static boolean personTable(String tableName) {
        return split(tableName).stream().anyMatch(PERSON_TABLES::contains);
    }

    /** {@code billingAddress2} → [billing, address, 2]; {@code E-Mail} → [e, mail]. */
    static List<String> split(String name) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean boundary = !Character.isLetterOrDigit(c)
                    || (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(name.charAt(i - 1)))
                    || (i > 0 && Character.isDigit(c) != Character.isDigit(name.charAt(i - 1)));
            if (boundary && !word.isEmpty()) {
                words.add(word.toString().toLowerCase(Locale.ROOT));
                word.setLength(0);
            }
            if (Character.isLetterOrDigit(c)) {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString().toLowerCase(Locale.ROOT));
        }
        return words;
    }
}
