package io.rezilient.restore.cli;

/**
 * Text made safe to place in HTML element content or a quoted attribute value. Evidence packages are files anyone can
 * edit, so every value read from one goes through here: a record sys_id such as {@code <script>} must show as text,
 * never become markup.
 */
final class HtmlText {
    private HtmlText() {
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(codePoint -> {
            switch (codePoint) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> {
                    // control characters (other than tab and line breaks) are invisible in a browser and only
                    // serve to disguise a value; show them as their code instead of dropping them silently
                    if (Character.isISOControl(codePoint) && codePoint != '\t' && codePoint != '\n'
                            && codePoint != '\r') {
                        escaped.append(String.format("\\u%04x", codePoint));
                    } else {
                        escaped.appendCodePoint(codePoint);
                    }
                }
            }
        });
        return escaped.toString();
    }
}
