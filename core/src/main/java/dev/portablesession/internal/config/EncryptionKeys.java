package dev.portablesession.internal.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES keys of {@code encryption.key-file}: one {@code id=base64} per line, 128 or 256 bits
 * each; blank lines and lines starting with {@code #} are ignored. The first key encrypts; every
 * key listed decrypts. Messages name the file and the line, never a key.
 */
public final class EncryptionKeys {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

    private final Map<String, SecretKey> keys;
    private final String current;

    private EncryptionKeys(Map<String, SecretKey> keys) {
        this.keys = Collections.unmodifiableMap(keys);
        this.current = keys.keySet().iterator().next();
    }

    /**
     * @param file the key file
     * @return its keys
     * @throws IllegalArgumentException naming the line that is wrong, or saying the file holds no key
     */
    public static EncryptionKeys read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("file " + file + " cannot be read as ASCII text ("
                    + e.getClass().getSimpleName() + ")");
        }
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = "line " + (i + 1) + " of " + file;
            int equals = line.indexOf('=');
            String id = equals < 0 ? "" : line.substring(0, equals).strip();
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException(where + " is not <id>=<base64 key> with an id of 1 to 32 letters, "
                        + "digits, '.', '_' or '-'");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(line.substring(equals + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": the key of \"" + id + "\" is not valid Base64");
            }
            if (key.length != 16 && key.length != 32) {
                throw new IllegalArgumentException(where + ": the key of \"" + id + "\" is " + (key.length * 8)
                        + " bits; expected 128 or 256 bits (openssl rand -base64 32)");
            }
            if (keys.put(id, new SecretKeySpec(key, "AES")) != null) {
                throw new IllegalArgumentException(where + ": key id \"" + id + "\" is listed twice");
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("file " + file + " holds no key; expected lines <id>=<base64 key>");
        }
        return new EncryptionKeys(keys);
    }

    /** @return the id of the key that encrypts: the first in the file */
    public String currentId() {
        return current;
    }

    /** @return every key by id, in the file's order */
    public Map<String, SecretKey> keys() {
        return keys;
    }

    /** @return the key ids, encrypting key first; ids are not secret */
    public List<String> ids() {
        return List.copyOf(keys.keySet());
    }
}
