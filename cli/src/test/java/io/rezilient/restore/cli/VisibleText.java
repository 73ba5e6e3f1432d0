package io.rezilient.restore.cli;

import java.util.regex.Pattern;

/**
 * Roughly what a person reads on an HTML page: the body's text with markup removed, entities decoded and whitespace
 * collapsed, so that a table row reads as its cells separated by spaces ("incident 2 1 0 1 0").
 */
final class VisibleText {
    private static final Pattern HEAD = Pattern.compile("(?is)<head>.*?</head>");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private VisibleText() {
    }

    static String of(String html) {
        String text = TAG.matcher(HEAD.matcher(html).replaceAll(" ")).replaceAll(" ");
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&nbsp;", " ").replace("&amp;", "&");
        return SPACE.matcher(text).replaceAll(" ").trim();
    }
}
