package dev.nomaddeployer.config;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Properties;

/**
 * {@code .properties} files, read one logical line at a time (a line ending in an odd number of backslashes
 * continues on the next) so each key keeps its line number; {@link Properties#load} then decodes each logical line,
 * so escapes and separators behave exactly as Java defines them.
 */
final class PropertiesFileReader {

    void read(String text, FileEntries into) throws ConfigException {
        List<String> lines = text.lines().toList();
        int i = 0;
        while (i < lines.size()) {
            int firstLine = i + 1;
            StringBuilder logical = new StringBuilder(lines.get(i));
            while (endsWithContinuation(lines.get(i)) && i + 1 < lines.size()) {
                i++;
                logical.append('\n').append(lines.get(i));
            }
            i++;
            String trimmed = logical.toString().stripLeading();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
                continue;
            }
            Properties one = new Properties();
            try {
                one.load(new StringReader(logical.toString()));
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException("cannot parse config file " + into.file() + " line " + firstLine + ": "
                        + ParserMessages.redact(e.getMessage()));
            }
            for (String key : one.stringPropertyNames()) {
                into.add(key, one.getProperty(key).strip(), firstLine);
            }
        }
    }

    private static boolean endsWithContinuation(String line) {
        int backslashes = 0;
        for (int j = line.length() - 1; j >= 0 && line.charAt(j) == '\\'; j--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }
}
