package dev.dbrestore.config;

import java.util.List;
import java.util.Map;

/**
 * One profile of the YAML file.
 *
 * @param settings   the profile's own overrides of the top-level settings (fields may be null)
 * @param sanitize   SQL files or folders, as written (relative to the YAML file)
 * @param mask       masking rules in the YAML's order
 * @param safeColumns table -> columns known not to be personal (for {@code piiCheck: strict})
 */
public record Profile(
        String name,
        boolean sensitive,
        SourceSpec source,
        List<String> sanitize,
        List<MaskRule> mask,
        Map<String, List<String>> safeColumns,
        List<String> excludeTableData,
        List<String> verify,
        PublishSpec publish,
        Settings settings) {
}
