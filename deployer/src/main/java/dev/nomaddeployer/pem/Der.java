package dev.nomaddeployer.pem;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The part of DER (ITU-T X.690) that re-wrapping a key needs: split an element into its tag and content, list
 * the elements of a SEQUENCE, and write an element back. The JDK's own DER classes are internal to it.
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int OBJECT_IDENTIFIER = 0x06;
    static final int SEQUENCE = 0x30;
    /** {@code [0]} EXPLICIT, as SEC1 tags the curve. */
    static final int CONTEXT_0 = 0xA0;

    private Der() {}

    /** One element: its identifier octet and its content octets; {@link #encoded} gives the whole TLV back. */
    record Element(int tag, byte[] content, byte[] encoded) {
        List<Element> children() throws KeyFormatException {
            if (tag != SEQUENCE) {
                throw new KeyFormatException("expected a SEQUENCE, found tag " + hex(tag));
            }
            List<Element> children = new ArrayList<>();
            int offset = 0;
            while (offset < content.length) {
                Element child = at(content, offset);
                children.add(child);
                offset += child.encoded.length;
            }
            return children;
        }

        /** An OBJECT IDENTIFIER's dotted form, {@code 1.2.840.10045.2.1}. */
        String objectIdentifier() throws KeyFormatException {
            if (tag != OBJECT_IDENTIFIER || content.length == 0 || (content[content.length - 1] & 0x80) != 0) {
                throw new KeyFormatException("expected an OBJECT IDENTIFIER");
            }
            StringBuilder dotted = new StringBuilder();
            long arc = 0;
            for (byte b : content) {
                if (arc > Long.MAX_VALUE >>> 7) {
                    throw new KeyFormatException("OBJECT IDENTIFIER arc too large");
                }
                arc = (arc << 7) | (b & 0x7F);
                if ((b & 0x80) == 0) {
                    if (dotted.length() == 0) {
                        // the first octets carry the first two arcs as 40 * first + second
                        int first = (int) Math.min(arc / 40, 2);
                        dotted.append(first).append('.').append(arc - 40L * first);
                    } else {
                        dotted.append('.').append(arc);
                    }
                    arc = 0;
                }
            }
            return dotted.toString();
        }
    }

    /** The single element {@code der} holds; trailing bytes are an error, as DER allows none. */
    static Element parse(byte[] der) throws KeyFormatException {
        Element element = at(der, 0);
        if (element.encoded.length != der.length) {
            throw new KeyFormatException((der.length - element.encoded.length) + " bytes after the DER element");
        }
        return element;
    }

    private static Element at(byte[] der, int offset) throws KeyFormatException {
        if (der.length - offset < 2) {
            throw new KeyFormatException("DER element cut short");
        }
        int tag = der[offset] & 0xFF;
        if ((tag & 0x1F) == 0x1F) {
            throw new KeyFormatException("multi-byte DER tags do not occur in private keys");
        }
        int first = der[offset + 1] & 0xFF;
        int headerLength = 2;
        long length = first;
        if (first > 0x7F) {
            int lengthOctets = first & 0x7F;
            if (lengthOctets == 0 || lengthOctets > 4) {
                throw new KeyFormatException("unsupported DER length form " + hex(first));
            }
            if (der.length - offset - 2 < lengthOctets) {
                throw new KeyFormatException("DER length cut short");
            }
            length = 0;
            for (int i = 0; i < lengthOctets; i++) {
                length = (length << 8) | (der[offset + 2 + i] & 0xFF);
            }
            headerLength += lengthOctets;
        }
        if (length > der.length - offset - headerLength) {
            throw new KeyFormatException("DER element longer than its input");
        }
        int end = offset + headerLength + (int) length;
        return new Element(tag, Arrays.copyOfRange(der, offset + headerLength, end),
                Arrays.copyOfRange(der, offset, end));
    }

    /** The DER encoding of an element whose content is the given encodings (or raw octets) in order. */
    static byte[] element(int tag, byte[]... contents) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : contents) {
            content.writeBytes(part);
        }
        int length = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            int octets = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | octets);
            for (int i = octets - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    private static String hex(int octet) {
        return String.format("0x%02X", octet);
    }
}
